package org.issueledger.query.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.consuming.ProjectionProgress;
import org.issueledger.query.dashboard.FreshnessHeaders;
import org.issueledger.query.web.UnknownIssue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The auditor's API: one issue's trail, entries across issues ({@link AuditQuery}) and streamed exports
 * ({@link ExportRange}, {@link ExportFormat}). Time filters are on business time ({@code occurredAt}), {@code from}
 * inclusive, {@code to} exclusive.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private static final Logger log = LoggerFactory.getLogger(AuditController.class);

    private final AuditEntries entries;
    private final ProjectionProgress progress;
    private final JsonMapper json;

    AuditController(AuditEntries entries, ProjectionProgress progress, JsonMapper json) {
        this.entries = entries;
        this.progress = progress;
        this.json = json;
    }

    @GetMapping("/issues/{id}")
    AuditTrail issueTrail(@PathVariable UUID id) {
        Freshness freshness = progress.freshness();
        List<AuditEntry> trail = entries.ofIssue(id);
        if (trail.isEmpty()) {
            throw new UnknownIssue(id);
        }
        return new AuditTrail(id, trail, freshness);
    }

    /** {@code GET /api/audit?actor&from&to&type&page&size}. */
    @GetMapping
    AuditPage entries(@RequestParam(required = false) String actor,
                      @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to,
                      @RequestParam(required = false) String type,
                      @RequestParam(required = false) String page,
                      @RequestParam(required = false) String size) {
        AuditQuery query = AuditQuery.of(actor, from, to, type, page, size);
        Freshness freshness = progress.freshness();
        List<AuditEntry> items = entries.page(query);
        long counted = entries.count(query);
        long total = Math.min(counted, AuditQuery.MAX_RESULTS);
        return new AuditPage(items, query.page(), query.size(), total, counted <= AuditQuery.MAX_RESULTS,
                (total + query.size() - 1) / query.size(), freshness);
    }

    /**
     * {@code GET /api/audit/export?from&to&format=jsonl|csv|xes}, written to the response as rows come off the
     * database. Written here rather than returned as a StreamingResponseBody: that runs asynchronously, under the
     * servlet container's async timeout (30 s by default), which a large export would outlive.
     */
    @GetMapping("/export")
    void export(@RequestParam(name = "from", required = false) String from,
                @RequestParam(name = "to", required = false) String to,
                @RequestParam(name = "format", required = false) String format,
                HttpServletResponse response) throws IOException {
        ExportRange range = ExportRange.of(from, to);
        ExportFormat exportFormat = ExportFormat.of(format);
        response.setContentType(exportFormat.contentType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(range.fileName(exportFormat.extension())).build().toString());
        FreshnessHeaders.write(progress.freshness(), response::setHeader);
        OutputStream out = response.getOutputStream();
        EntrySink sink = exportFormat.open(out, range, json);
        try {
            sink.start();
            entries.forEachInRange(range, entry -> {
                try {
                    sink.write(entry);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            sink.finish();
        } catch (UncheckedIOException e) {
            // Writing failed: the client went away, and there is nobody left to answer.
            log.info("Audit export {} to {} ended early: {}", range.from(), range.to(), e.getCause().toString());
        } catch (RuntimeException e) {
            if (!response.isCommitted()) {
                response.reset();
                throw e;
            }
            throw new ExportInterrupted(e);
        }
    }

    /**
     * Rethrown, not answered: the export's status and first bytes are already sent, and a problem body appended to
     * them would pass for part of the file. Unhandled, the exception makes the servlet container drop the
     * connection, so the client sees an incomplete transfer instead of a complete-looking short file.
     */
    @ExceptionHandler(ExportInterrupted.class)
    void interrupted(ExportInterrupted e) {
        throw e;
    }

    /** An export that failed after its first bytes were sent. */
    static final class ExportInterrupted extends RuntimeException {

        ExportInterrupted(RuntimeException cause) {
            super("The audit export failed after it had started; the client got an incomplete transfer", cause);
        }
    }
}
