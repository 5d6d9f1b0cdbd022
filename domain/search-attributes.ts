/**
 * Custom search attributes, so operators can filter the Temporal Web UI, e.g.
 * `CascadeCycle = "ct21-yte-thanhhoa/2026" AND CascadeOverdue = true`.
 * Values are slugs, stages and times only — never names or emails (search
 * attributes are not encrypted and are visible to every operator).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** "<cascadeId>/<year>", on the cycle and every unit workflow. */
export const CYCLE_KEY = defineSearchAttributeKey('CascadeCycle', SearchAttributeType.KEYWORD);
/** Org node slug. */
export const UNIT_ID_KEY = defineSearchAttributeKey('CascadeUnitId', SearchAttributeType.KEYWORD);
/** Slug of the parent node ("" for the root), to list one body's units. */
export const PARENT_ID_KEY = defineSearchAttributeKey('CascadeParentId', SearchAttributeType.KEYWORD);
/** Free level label of the node, e.g. "Bệnh viện" (from configuration, not personal). */
export const LEVEL_KEY = defineSearchAttributeKey('CascadeLevel', SearchAttributeType.KEYWORD);
/** One of the stage strings in ./stages.ts. */
export const STAGE_KEY = defineSearchAttributeKey('CascadeStage', SearchAttributeType.KEYWORD);
/** When the current step is due. */
export const DUE_AT_KEY = defineSearchAttributeKey('CascadeDueAt', SearchAttributeType.DATETIME);
/** The current step is past its due time. */
export const OVERDUE_KEY = defineSearchAttributeKey('CascadeOverdue', SearchAttributeType.BOOL);
/** Who the step waits on: parent, unit-head, approver, children, nobody. */
export const WAITING_ON_KEY = defineSearchAttributeKey('CascadeWaitingOn', SearchAttributeType.KEYWORD);

/** All keys, for registration at dev-server start and on a cluster. */
export const ALL_SEARCH_ATTRIBUTE_KEYS = [
  CYCLE_KEY,
  UNIT_ID_KEY,
  PARENT_ID_KEY,
  LEVEL_KEY,
  STAGE_KEY,
  DUE_AT_KEY,
  OVERDUE_KEY,
  WAITING_ON_KEY,
] as const;

/** The `temporal` CLI's type names, for `--search-attribute NAME=TYPE`. */
export const CLI_TYPE_NAMES: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};
