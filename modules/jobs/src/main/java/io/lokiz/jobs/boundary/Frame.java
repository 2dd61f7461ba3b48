package io.lokiz.jobs.boundary;

import io.lokiz.jobs.JobRecord;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.util.function.Function;

/**
 * An event as sent: the job as its type presents it, with its version as the event id. Made
 * once, by the first subscriber that needs it, and the same event goes to every other.
 */
final class Frame {
    private static final Jsonb JSON = JsonbBuilder.create();
    private final JobRecord event;
    private final Function<JobRecord, Object> present;
    private OutboundSseEvent made;

    Frame(JobRecord event, Function<JobRecord, Object> present) {
        this.event = event;
        this.present = present;
    }

    JobRecord event() {
        return event;
    }

    synchronized OutboundSseEvent in(Sse sse) {
        if (made == null) {
            made = sse.newEventBuilder().id(Long.toString(event.version())).name("status").mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(String.class, JSON.toJson(present.apply(event))).build();
        }
        return made;
    }
}
