package io.lokiz.generation.boundary;

import io.lokiz.generation.control.AiJobView;
import io.lokiz.generation.control.GenerationJobs;
import io.lokiz.generation.control.JobView;
import io.lokiz.generation.control.JobViews;
import io.lokiz.generation.control.ProvenanceView;
import io.lokiz.generation.control.Still;
import io.lokiz.generation.control.Streams;
import io.lokiz.generation.control.VideoResultView;
import io.lokiz.generation.control.VideoSettings;
import io.lokiz.generation.preview.PreviewRequest;
import io.lokiz.jobs.JobRecord;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import io.lokiz.kernel.RequestKey;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.UUID;

/**
 * The spec's video API (camelCase): generate, job status, cancel, events ticket, finished video,
 * streaming URL. Names and shapes only, over the one job API ({@link GenerationJobs}).
 */
@Path("api/video")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Videos")
public class VideoResource {

    private final GenerationJobs jobs;
    private final JobViews views;
    private final Streams streams;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @Inject
    public VideoResource(GenerationJobs jobs, JobViews views, Streams streams) {
        this.jobs = jobs;
        this.views = views;
        this.streams = streams;
    }

    protected VideoResource() {
        this(null, null, null);
    }

    /** A ticket that opens one job's event stream where no header can be sent ({@code EventSource}). */
    @Schema(name = "VideoEventsTicket")
    public record EventsTicket(String ticket, String eventsUrl, long expiresInSeconds) {
    }

    /** The answer to an accepted request. */
    @Schema(name = "VideoAccepted")
    public record Accepted(UUID jobId, String status, String statusUrl, String eventsUrl) {
    }

    @POST
    @Path("generate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "generateVideo", summary = "Make an image-to-video preview",
            description = "The try-on image by id and the spec's VideoSettings, each optional (4 s, 720p, 24 fps, MP4). "
                    + "The preview's price is held until the job ends and charged once it completes. Send an Idempotency-Key "
                    + "to make retries safe: the same request under the same key is the same job, in either dialect.")
    @APIResponse(responseCode = "202", description = "Accepted; Location is the job's status",
            headers = @Header(name = "Location", description = "The job's status URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "402", ref = "PaymentRequired")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Response generate(GenerateRequest request, @HeaderParam(RequestKey.HEADER) String idempotencyKey) {
        String user = Caller.require(security);
        jobs.admit(user, idempotencyKey);
        Still image = Still.byId(Problem.id("tryonImageId", request.tryonImageId()), "tryonImageId");
        JobRecord job = jobs.accept(user, new PreviewRequest(image, settings(request.settings())), idempotencyKey);
        URI status = uri.getBaseUriBuilder().path("api/video/status/{id}").build(job.id());
        return Response.accepted(new Accepted(job.id(), job.state().wire(), status.toString(), events(job.id()).toString()))
                .location(status)
                .build();
    }

    @GET
    @Path("status/{jobId}")
    @Operation(operationId = "getVideoJob", summary = "Read a job in the spec's words",
            description = "A preview as the spec's VideoGenerationJob (result only once completed); a job of another type as the plan shows it.")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(schema = @Schema(oneOf = {JobView.class, AiJobView.class})))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Object status(@PathParam("jobId") String jobId) {
        return jobs.present(jobs.owned(Caller.require(security), jobId));
    }

    @POST
    @Path("status/{jobId}/ticket")
    @Operation(operationId = "createVideoJobEventsTicket", summary = "A ticket for the job's event stream",
            description = "For EventSource, which cannot send a bearer token: the events URL with a short-lived ticket that opens this job's stream only.")
    @APIResponse(responseCode = "200", description = "The ticket and the URL to open")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public EventsTicket eventsTicket(@PathParam("jobId") String jobId) {
        GenerationJobs.Ticket ticket = jobs.ticket(Caller.require(security), jobId);
        URI events = uri.getBaseUriBuilder().path("api/video/status/{id}/events").queryParam("ticket", ticket.ticket()).build(ticket.jobId());
        return new EventsTicket(ticket.ticket(), events.toString(), ticket.lifetime().toSeconds());
    }

    @POST
    @Path("jobs/{jobId}/cancel")
    @Operation(operationId = "cancelVideoJob", summary = "Cancel a job",
            description = "A job not yet ended becomes canceled and its reserved credits are released; an ended job is answered as it is.")
    @APIResponse(responseCode = "200", description = "The job after the cancel",
            content = @Content(schema = @Schema(oneOf = {JobView.class, AiJobView.class})))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Object cancel(@PathParam("jobId") String jobId) {
        return jobs.present(jobs.cancel(Caller.require(security), jobId));
    }

    /**
     * A finished video. A job's id names its video too: until that job completes the answer is
     * {@code 409} with the job's status (REQ-S-003: no URL before {@code completed}).
     */
    @GET
    @Path("{videoId}")
    @Operation(operationId = "getVideo", summary = "A finished video",
            description = "Its URLs (MP4, WebM and HLS if asked for, thumbnail) and metadata. A job's id names its video; before the job completes the answer is 409.")
    @APIResponse(responseCode = "200", description = "The video")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public VideoResultView video(@PathParam("videoId") String videoId) {
        return views.of(jobs.video(Caller.require(security), videoId));
    }

    /**
     * What made the video, as the C2PA manifests signed into its MP4 and thumbnail say (EU AI Act
     * art. 50(2)); the files themselves carry the same, readable by any C2PA verifier.
     */
    @GET
    @Path("{videoId}/provenance")
    @Operation(operationId = "getVideoProvenance", summary = "The content credentials of a finished video",
            description = "What the C2PA manifests signed into the MP4 and the thumbnail state: a trained model made it (digitalSourceType), "
                    + "which provider and model, the software, the job, the input by its SHA-256, the signer. 404 no-content-credentials "
                    + "for a video stored before signing began; 409 before the job completes.")
    @APIResponse(responseCode = "200", description = "The manifests' statements")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public ProvenanceView provenance(@PathParam("videoId") String videoId) {
        return jobs.provenance(Caller.require(security), videoId);
    }

    /**
     * REQ-E-004: where to play the video from. {@code auto} is the HLS master playlist, which lets
     * the player switch renditions, else the MP4; a named quality is the HLS rendition nearest to
     * it, else the MP4. Every other way to play it is listed beside.
     */
    @GET
    @Path("{videoId}/stream")
    @Operation(operationId = "getVideoStream", summary = "Where to play a finished video from",
            description = "quality=auto (default) is the HLS master playlist when there is one, else the MP4; 1080p, 720p or 480p is the nearest rendition. Every other way to play it is listed in alternatives.")
    @APIResponse(responseCode = "200", description = "The URL to play and its alternatives")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Streams.Answer stream(@PathParam("videoId") String videoId, @QueryParam("quality") @DefaultValue("auto") String quality) {
        Streams.Quality asked = Streams.Quality.parse(quality)
                .orElseThrow(() -> Problem.invalid("quality", "quality must be auto, 1080p, 720p or 480p, not " + quality));
        return streams.choose(jobs.video(Caller.require(security), videoId), asked);
    }

    private URI events(UUID jobId) {
        return uri.getBaseUriBuilder().path("api/video/status/{id}/events").build(jobId);
    }

    /** The spec's settings as sent (or not), its defaults for those left out. */
    static VideoSettings settings(GenerateRequest.Settings sent) {
        try {
            return sent == null ? VideoSettings.DEFAULT : sent.resolve();
        } catch (VideoSettings.InvalidSettings e) {
            throw Problem.invalid(e.field(), e.getMessage());
        }
    }
}
