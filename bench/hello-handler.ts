// The bare bundle bench/cold-start measures every handler against: a Lambda handler that imports nothing.
export const handler = async () => ({ statusCode: 200, body: 'hello' });
