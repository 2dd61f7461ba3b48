package io.lokiz.generation.control;

import jakarta.json.JsonObject;

/** What a job was asked, fixed when it was accepted; each job type has its own record of it. */
public interface JobInput {

    /** The provider that makes it, as recorded when the job was accepted. */
    String provider();

    /** The credits held for it. */
    int price();

    /** What was asked, as the plan's {@code input_data} shows it back to the client. */
    JsonObject shown();

    /** The input as the job row keeps it. */
    JsonObject json();
}
