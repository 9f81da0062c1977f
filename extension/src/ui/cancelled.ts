/** Thrown out of a flow when the person pressed Cancel on its progress notification: not a failure to show. */
export class Cancelled extends Error {}
