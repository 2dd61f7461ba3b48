package io.lokiz.generation.control;

import jakarta.json.JsonObject;

/**
 * One job type's intake: what it is called, the request it takes, how that request becomes its
 * input, and how its recorded input reads back. A job type is one such bean and the pipeline that
 * runs it; {@link JobTypes} finds them, {@link GenerationJobs} accepts their requests.
 */
public interface JobType<R extends JobRequest> {

    /** As jobs record it; also its price list entry. */
    String name();

    Class<R> requestType();

    /**
     * Checks what {@code request} names and brings in what it must (an image by URL), outside any
     * transaction, since that may take a while; answers what makes the input once the price is
     * known, which runs inside the accepting transaction (so what it reads is marked used with the
     * job). Both refuse with a problem naming the field: nothing is written then.
     */
    Intake.InputMaker prepare(String user, R request);

    /** The input a job of this type recorded. */
    JobInput input(JsonObject json);
}
