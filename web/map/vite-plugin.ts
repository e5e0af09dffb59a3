import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { renderProvinceMap } from './province-map.ts';
import { decodeFeatures, type Topology } from './topojson.ts';

const ID = 'virtual:province-map';
const RESOLVED = `\0${ID}`;

/**
 * `import('virtual:province-map')` gives the provinces' SVG, drawn from the TopoJSON at build
 * time; being imported lazily, it is its own small chunk, loaded only by views with a map.
 */
export function provinceMapPlugin(topologyFile: string): Plugin {
  return {
    name: 'province-map',
    resolveId: (source) => (source === ID ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined;
      this.addWatchFile(topologyFile);
      const topology = JSON.parse(readFileSync(topologyFile, 'utf8')) as Topology;
      const { svg } = renderProvinceMap(decodeFeatures(topology, 'provinces'));
      return `export default ${JSON.stringify(svg)};`;
    },
  };
}
