// common/ is type-checked with neither DOM nor Node types, so that it can use neither; the
// WHATWG URL class exists in every process (Node, Chromium), and this is the part it uses.
declare class URL {
  constructor(input: string, base?: string);
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
  readonly host: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}
