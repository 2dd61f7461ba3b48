package io.lokiz.providers.control;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Replicate's predictions API ({@code shared/reference/providers.md}), as a MicroProfile REST Client. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ReplicateApi {

    /** An official model's prediction: {@code {"input", "webhook", "webhook_events_filter"}}. */
    @POST
    @Path("models/{owner}/{name}/predictions")
    Response createForModel(@PathParam("owner") String owner, @PathParam("name") String name, JsonObject body);

    /** A prediction of a model version (community models): the body names the {@code version}. */
    @POST
    @Path("predictions")
    Response create(JsonObject body);

    @GET
    @Path("predictions/{id}")
    Response get(@PathParam("id") String id);

    @POST
    @Path("predictions/{id}/cancel")
    Response cancel(@PathParam("id") String id);
}
