package io.lokiz.providers.control;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * fal.ai's queue API, as a MicroProfile REST Client. A model is submitted to by its endpoint id
 * ({@code {owner}/{app}}, optionally one more path segment); its requests live under
 * {@code {owner}/{app}} alone, as the URLs fal hands back say. No {@code @Path} on the type: the
 * queue URL is the base, and {@code "/" + "/{owner}"} would read as a host name.
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface FalApi {

    @POST
    @Path("{owner}/{app}")
    Response submit(@PathParam("owner") String owner, @PathParam("app") String app,
                    @QueryParam("fal_webhook") String webhook, JsonObject input);

    @POST
    @Path("{owner}/{app}/{path}")
    Response submitToPath(@PathParam("owner") String owner, @PathParam("app") String app, @PathParam("path") String path,
                    @QueryParam("fal_webhook") String webhook, JsonObject input);

    @GET
    @Path("{owner}/{app}/requests/{id}/status")
    Response status(@PathParam("owner") String owner, @PathParam("app") String app, @PathParam("id") String id);

    @GET
    @Path("{owner}/{app}/requests/{id}")
    Response result(@PathParam("owner") String owner, @PathParam("app") String app, @PathParam("id") String id);

    @PUT
    @Path("{owner}/{app}/requests/{id}/cancel")
    Response cancel(@PathParam("owner") String owner, @PathParam("app") String app, @PathParam("id") String id);
}
