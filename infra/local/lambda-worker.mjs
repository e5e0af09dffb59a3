// One Lambda execution environment: loads a bundled handler once, then runs one event at a time.

import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

process.setSourceMapsEnabled?.(true);
const { modulePath, wrapperPath, exportName, functionName, memoryMb, timeoutMs, region, accountId } =
  workerData;

let handler;
try {
  const mod = await import(pathToFileURL(modulePath).href);
  handler = mod[exportName];
  if (typeof handler !== 'function') throw new Error(`${modulePath} exports no function "${exportName}"`);
  if (wrapperPath) handler = (await import(pathToFileURL(wrapperPath).href)).wrap(handler);
  parentPort.postMessage({ kind: 'ready' });
} catch (error) {
  parentPort.postMessage({ kind: 'init-error', error: describe(error) });
}

parentPort.on('message', async ({ id, event, requestId }) => {
  const deadline = Date.now() + timeoutMs;
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await handler(event, context);
    parentPort.postMessage({ kind: 'result', id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({ kind: 'result', id, ok: false, error: describe(error) });
  }
});

function describe(error) {
  return {
    errorType: error?.name ?? 'Error',
    errorMessage: error?.message ?? String(error),
    stack: typeof error?.stack === 'string' ? error.stack.split('\n') : [],
  };
}
