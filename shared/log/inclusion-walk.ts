/**
 * The order in which an RFC 9162 inclusion proof (§2.1.3.2) combines its audit path with the leaf:
 * for each hash of the path, whether it stands to the LEFT of the hash so far (SHA-256(0x01 ‖ path
 * ‖ r)) or to its RIGHT (SHA-256(0x01 ‖ r ‖ path)). Undefined when no tree of size n has leaf m at
 * the end of a path of that length. Hashing is left to the caller, so the page (WebCrypto) and the
 * server (node:crypto) walk one proof the same way.
 */
export function inclusionWalk(m: number, n: number, pathLength: number): ('LEFT' | 'RIGHT')[] | undefined {
  if (!(Number.isInteger(m) && Number.isInteger(n) && m >= 0 && m < n)) return undefined;
  let fn = m;
  let sn = n - 1;
  const sides: ('LEFT' | 'RIGHT')[] = [];
  for (let i = 0; i < pathLength; i++) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      sides.push('LEFT');
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sides.push('RIGHT');
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? sides : undefined;
}
