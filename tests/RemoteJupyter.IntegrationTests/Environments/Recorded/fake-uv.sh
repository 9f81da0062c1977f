#!/bin/sh
# Stands in for uv (not installable here): records its argv, prints what real uv printed for the same
# command, and lays the venv out like uv does (pyvenv.cfg with a uv key).
here=$(dirname "$0")
printf '%s\n' "$*" >> "$here/calls.log"
case "$1" in
  venv)
    shift
    while [ $# -gt 1 ]; do shift; done
    prefix=$1
    sed "s|@PREFIX@|$prefix|g" "$here/uv-venv.txt"
    mkdir -p "$prefix/bin"
    printf 'home = /usr/bin\nimplementation = CPython\nuv = 0.4.18\nversion_info = 3.12.6\ninclude-system-site-packages = false\n' > "$prefix/pyvenv.cfg"
    ln -s /usr/bin/python3 "$prefix/bin/python"
    ;;
  pip) cat "$here/uv-pip-install.txt" ;;
  *) echo "fake uv: $1 not recorded" >&2; exit 2 ;;
esac
