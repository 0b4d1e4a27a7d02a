import { z } from 'zod';
import { auditApi } from './audit-api.js';
import { backupApi } from './backup-api.js';
import { catalogApi } from './catalog-api.js';
import { chartsApi } from './charts-api.js';
import { completenessApi } from './completeness-api.js';
import { type Channel } from './channel.js';
import { consolidationApi } from './consolidation-api.js';
import { filesApi } from './files-api.js';
import { projectApi } from './project-api.js';
import { rosterApi } from './roster-api.js';
import { schemaLocale } from './schema-messages.js';
import { gridApi } from './grid-api.js';
import { mergeUnique } from './merge-unique.js';
import { narrativeApi } from './narrative-api.js';
import { paperApi } from './paper-api.js';
import { templateApi } from './template-api.js';
import { workbookApi } from './workbook-api.js';

// Schema messages reach the clerk (and the CLI user) through every host: have zod
// word them in Chinese once, here, rather than translating at each caller.
z.config(schemaLocale);

/**
 * The whole API contract: channel name (`feature:verb`) → argument schema and result type.
 * The desktop IPC, the browser host and the tests all dispatch through it. A channel defined by
 * two feature maps fails at start-up.
 */
export const api = mergeUnique(workbookApi, catalogApi, gridApi, templateApi, narrativeApi, backupApi, consolidationApi, auditApi, rosterApi, chartsApi, projectApi, filesApi, completenessApi, paperApi);

export type Api = typeof api;
export type ChannelName = keyof Api;
/** The argument a caller passes (before schema defaults apply). */
export type ApiArg<C extends ChannelName> = z.input<Api[C]['input']>;
/** The argument a handler receives (after validation). */
export type ApiInput<C extends ChannelName> = z.output<Api[C]['input']>;
export type ApiOutput<C extends ChannelName> = Api[C] extends Channel<z.ZodType, infer O> ? O : never;

/** True when `name` is a channel of the contract (guards untrusted channel names). */
export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/** Events pushed from the host to the page. */
export interface ApiEvents {
  'workbook:saved': { savedAt: string };
  /** The background integrity check of a large workbook found it damaged: it is read-only from now on. */
  'workbook:damaged': { message: string };
  'job:progress': { jobId: string; done: number; total: number; label: string };
}
export type EventName = keyof ApiEvents;
