/** Types of the validators generated at build time by scripts/build-validators.ts. */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: { instancePath: string; keyword?: string; params?: Record<string, unknown>; message?: string }[] | null;
}
export declare const isWorkRequest: GeneratedValidator;
export declare const isHeartbeat: GeneratedValidator;
export declare const isResult: GeneratedValidator;
export declare const isChunkFailed: GeneratedValidator;
export declare const isWorkReply: GeneratedValidator;
export declare const isFormatFileDefinition: GeneratedValidator;
