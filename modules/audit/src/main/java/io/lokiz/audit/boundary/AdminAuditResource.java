package io.lokiz.audit.boundary;

import io.lokiz.audit.AuditEntry;
import io.lokiz.audit.control.AuditCsv;
import io.lokiz.audit.control.AuditQuery;
import io.lokiz.audit.control.AuditTable;
import io.lokiz.kernel.Jdbc;
import io.lokiz.kernel.QueryParams;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import javax.sql.DataSource;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** The trail of admin actions, for admins and support: filtered, paged newest first, or exported whole as CSV. */
@Path("api/admin/audit")
@RequestScoped
@RolesAllowed({"admin", "support"}) // support reads the trail and changes nothing, as everywhere
@Tag(name = "Admin - audit")
public class AdminAuditResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    /** Rows read per statement while an export streams, so that a long trail never sits in memory at once. */
    static final int EXPORT_CHUNK = 1000;

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    /** A page of entries; {@code next}, when present, pages on as {@code before}. */
    @Schema(name = "AuditPage")
    public record Page(List<AuditEntry> entries, Long next) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listAuditEntries", summary = "The admin actions, newest first",
            description = "Filtered by actor, action (exact, or a prefix ending in *, e.g. credits.*), target and time "
                    + "(from inclusive, to exclusive, ISO-8601); limit 1-200 (default 50); next pages on as before.")
    @APIResponse(responseCode = "200", description = "A page of the trail")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Page list(@QueryParam("actor") String actor, @QueryParam("action") String action, @QueryParam("target") String target,
                     @QueryParam("from") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) String from,
                     @QueryParam("to") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) String to,
                     @QueryParam("before") Long before, @QueryParam("limit") Integer limit) {
        int size = QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        AuditQuery query = query(actor, action, target, from, to);
        List<AuditEntry> page = Jdbc.run(database, "the audit trail", c -> AuditTable.page(c, query, before, size));
        return new Page(page, page.size() < size ? null : page.get(page.size() - 1).id());
    }

    @GET
    @Path("export")
    @Produces("text/csv")
    @Operation(operationId = "exportAuditEntries", summary = "The admin actions as CSV",
            description = "Every entry the filters of listAuditEntries match, newest first, as RFC 4180 CSV (a header row; "
                    + "before and after as JSON; a cell a spreadsheet would run as a formula starts with an apostrophe).")
    @APIResponse(responseCode = "200", description = "The trail as CSV",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Response export(@QueryParam("actor") String actor, @QueryParam("action") String action, @QueryParam("target") String target,
                           @QueryParam("from") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) String from,
                           @QueryParam("to") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) String to) {
        AuditQuery query = query(actor, action, target, from, to);
        StreamingOutput csv = output -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            out.write(AuditCsv.HEADER);
            Long before = null;
            List<AuditEntry> chunk;
            do {
                Long cursor = before;
                chunk = Jdbc.run(database, "the audit trail", c -> AuditTable.page(c, query, cursor, EXPORT_CHUNK));
                for (AuditEntry entry : chunk) {
                    AuditCsv.write(out, entry);
                }
                before = chunk.isEmpty() ? null : chunk.get(chunk.size() - 1).id();
            } while (chunk.size() == EXPORT_CHUNK);
            out.flush();
        };
        return Response.ok(csv, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"lokiz-audit.csv\"").build();
    }

    private static AuditQuery query(String actor, String action, String target, String from, String to) {
        Instant start = QueryParams.instant("from", from);
        Instant end = QueryParams.instant("to", to);
        QueryParams.requireOrder(start, end);
        return new AuditQuery(QueryParams.text(actor), QueryParams.text(action), QueryParams.text(target), start, end);
    }
}
