/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_ELECTION_ID?: string;
}

declare module 'virtual:province-map' {
  /** The provinces as one SVG, each `<path id="p-<provinceId>">`, built from the map's TopoJSON. */
  const svg: string;
  export default svg;
}
