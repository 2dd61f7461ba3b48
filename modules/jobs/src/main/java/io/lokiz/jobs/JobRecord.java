package io.lokiz.jobs;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.io.StringReader;
import java.time.Instant;
import java.util.UUID;

/**
 * A job as it stood at one version: what every module outside the engine sees of it, and what
 * the event log keeps for each change. {@code input} is what was asked (it never changes);
 * {@code output} is what the job type's pipeline recorded so far (storage keys, never URLs:
 * URLs expire, so they are made when a job is shown).
 */
public record JobRecord(UUID id, String type, String owner, JobState state, int progress, JsonObject input,
                        JsonObject output, String error, int attempts, Instant attemptStartedAt, Instant createdAt,
                        Instant updatedAt, long version) {

    /** The record as the event log stores it. */
    public String toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", id.toString())
                .add("type", type)
                .add("owner", owner)
                .add("state", state.name())
                .add("progress", progress)
                .add("input", input)
                .add("output", output)
                .add("attempts", attempts)
                .add("createdAt", createdAt.toString())
                .add("updatedAt", updatedAt.toString())
                .add("version", version);
        if (error != null) {
            json.add("error", error);
        }
        if (attemptStartedAt != null) {
            json.add("attemptStartedAt", attemptStartedAt.toString());
        }
        return json.build().toString();
    }

    /** A record the event log stored. */
    public static JobRecord fromJson(String stored) {
        JsonObject json = Json.createReader(new StringReader(stored)).readObject();
        return new JobRecord(UUID.fromString(json.getString("id")), json.getString("type"), json.getString("owner"),
                JobState.valueOf(json.getString("state")), json.getInt("progress"), json.getJsonObject("input"),
                json.getJsonObject("output"), json.getString("error", null), json.getInt("attempts"),
                json.containsKey("attemptStartedAt") ? Instant.parse(json.getString("attemptStartedAt")) : null,
                Instant.parse(json.getString("createdAt")), Instant.parse(json.getString("updatedAt")), json.getJsonNumber("version").longValue());
    }
}
