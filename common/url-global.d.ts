// Only for tsconfig.common.json, which checks common/ with neither DOM nor Node types so that it
// can use neither. The WHATWG URL class is a global in every process (Node and Chromium); this
// declares the part common/ uses. The other projects get URL from their own libs.
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
