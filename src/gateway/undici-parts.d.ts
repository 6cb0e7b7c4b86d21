// Types for the two undici files http.ts loads instead of undici's index (undici ships types for its
// index only): the Agent class and the request() that the index binds to a dispatcher.
declare module 'undici/lib/dispatcher/agent.js' {
  // eslint-disable-next-line no-restricted-imports -- types only, for http.ts, the one undici user
  import type { Agent } from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}

declare module 'undici/lib/api/api-request.js' {
  // eslint-disable-next-line no-restricted-imports -- types only, for http.ts, the one undici user
  import type { Dispatcher } from 'undici';
  export default function request(
    this: Dispatcher,
    options: Dispatcher.RequestOptions,
  ): Promise<Dispatcher.ResponseData<null>>;
}
