#!/bin/sh
# Stands in for conda (not installable here): records its argv, prints what real conda printed for the
# same command (recorded output next to it), and lays the prefix out like conda does.
here=$(dirname "$0")
printf '%s\n' "$*" >> "$here/calls.log"
envs="$here/envs"
case "$1" in
  create)
    shift
    prefix=
    specs=
    while [ $# -gt 0 ]; do
      case "$1" in
        -p) prefix=$2; shift 2 ;;
        -n) prefix="$envs/$2"; shift 2 ;;
        -y) shift ;;
        *) specs="$specs $1"; shift ;;
      esac
    done
    case "$specs" in
      *nosuchpackage*) cat "$here/conda-packages-not-found.txt"; exit 1 ;;
    esac
    sed "s|@PREFIX@|$prefix|g" "$here/conda-create.txt"
    mkdir -p "$prefix/conda-meta" "$prefix/bin"
    : > "$prefix/conda-meta/history"
    ln -s /usr/bin/python3 "$prefix/bin/python"
    ;;
  run)
    # conda run -n NAME python -c ...
    name=$3; shift 4
    exec "$envs/$name/bin/python" "$@"
    ;;
  env)
    case "$2" in
      list) printf '# conda environments:\n#\nbase                     %s\n' "$here"; for e in "$envs"/*; do [ -d "$e" ] && printf '%s  %s\n' "$(basename "$e")" "$e"; done ;;
      remove) rm -rf "$envs/$5" ;;
    esac
    ;;
  *) echo "fake conda: $1 not recorded" >&2; exit 2 ;;
esac
