package io.lokiz.generation.control;

import io.lokiz.jobs.JobRecord;
import io.lokiz.webhooks.EventData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.io.StringReader;

/**
 * The data of {@code job.completed}, {@code job.failed} and {@code job.canceled}: the job in the
 * plan's shape of {@code GET /v1/ai/jobs/{id}}, whatever its type, made from the record the
 * outbox kept, with URLs made at each attempt (they live {@code lokiz.media.url-ttl-seconds}).
 */
@ApplicationScoped
public class JobEventData implements EventData {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private final JobViews views;

    @Inject
    public JobEventData(JobViews views) {
        this.views = views;
    }

    protected JobEventData() {
        this(null);
    }

    @Override
    public boolean renders(String type) {
        return type.startsWith("job.");
    }

    @Override
    public JsonValue render(String type, JsonObject stored) {
        AiJobView job = views.ofAiJob(JobRecord.fromJson(stored.toString()));
        return Json.createReader(new StringReader(JSONB.toJson(job))).readValue();
    }
}
