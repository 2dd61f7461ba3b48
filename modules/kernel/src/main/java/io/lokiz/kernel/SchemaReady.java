package io.lokiz.kernel;

/** A CDI event the app fires once the schema is migrated: modules start their background work then, not before. */
public record SchemaReady() {
}
