package org.issueledger.command.imports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Bulk import of history: the log is uploaded whole (one request, not one per event), imported in the
 * background through the command path, and followed at its Location.
 */
@RestController
@RequestMapping("/api/admin/imports")
class ImportController {

    /** How long a cancellation waits for the batches being sent before answering. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(30);

    private final Importer importer;

    ImportController(Importer importer) {
        this.importer = importer;
    }

    @Operation(summary = "Import an event log (XES or CSV, plain or gzip) through the command path",
            description = "multipart/form-data: part 'file' (the log), and either part 'mappingFile' (a YAML "
                    + "mapping) or the parameter mapping=<built-in name, e.g. bpi2013>. format=xes|csv when neither the "
                    + "mapping nor the file name says. 202 with the import and its Location; 400 for an invalid "
                    + "mapping or a file that cannot be read from its start (with the position); 409 while another "
                    + "import runs.")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportJob.Progress> start(@RequestPart("file") MultipartFile file,
                                             @RequestPart(value = "mappingFile", required = false) MultipartFile mappingFile,
                                             @RequestParam(value = "mapping", required = false) String mappingName,
                                             @RequestParam(value = "format", required = false) String format,
                                             java.security.Principal principal)
            throws IOException {
        ImportMapping mapping;
        if (mappingFile != null && !mappingFile.isEmpty()) {
            mapping = ImportMapping.parse(new String(mappingFile.getBytes(), StandardCharsets.UTF_8));
        } else if (mappingName != null && !mappingName.isBlank()) {
            mapping = ImportMapping.builtIn(mappingName.strip());
        } else {
            throw new ImportMapping.InvalidMapping("Name a mapping: a part 'mappingFile' with a YAML file, or mapping=<built-in name> (e.g. bpi2013)");
        }
        String name = file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename();
        ImportMapping.Format chosen = formatOf(format, mapping, name);
        Path stored = Files.createTempFile("issueledger-import-", ".log");
        try {
            file.transferTo(stored);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(stored);
            throw e;
        }
        ImportJob job = importer.start(stored, name, principal.getName(), mapping, chosen);
        return ResponseEntity.accepted().location(URI.create("/api/admin/imports/" + job.id)).body(job.progress());
    }

    @Operation(summary = "Progress and report of an import",
            description = "State RUNNING | COMPLETED | CANCELLED | FAILED; events read, accepted (imported, already "
                    + "imported, unchanged, skipped), rejected and not sent (after a cancellation or a failure), "
                    + "rejections counted per reason and the first 1,000 listed with their position; issues, commands "
                    + "sent, rate and ETA; the error of a failed import with its file position. 404 for an import this "
                    + "instance does not know (reports are kept in memory).")
    @GetMapping("/{id}")
    ImportJob.Progress progress(@PathVariable UUID id) {
        return importer.progress(id);
    }

    @Operation(summary = "The imports this instance knows, the newest first",
            description = "Each one's report as GET /api/admin/imports/{id} gives it; kept in memory, the last 20.")
    @GetMapping
    List<ImportJob.Progress> list() {
        return importer.list();
    }

    @Operation(summary = "Cancel a running import",
            description = "Nothing more is read or sent; the batches being sent are stored whole (a source event is "
                    + "applied whole or not at all) and what was stored stays. The same import run again later goes on "
                    + "where this one stopped (its idempotency keys). 200 with the report once it has stopped (state "
                    + "CANCELLED, or COMPLETED when the last batch was already stored), 202 if it is still stopping "
                    + "after 30 s; 409 for an import that is not running; 404 for an unknown one.")
    @DeleteMapping("/{id}")
    ResponseEntity<ImportJob.Progress> cancel(@PathVariable UUID id, java.security.Principal principal)
            throws InterruptedException {
        ImportJob.Progress report = importer.cancel(id, principal.getName(), CANCEL_WAIT);
        return report.state() == ImportJob.State.RUNNING ? ResponseEntity.accepted().body(report)
                : ResponseEntity.ok(report);
    }

    private static ImportMapping.Format formatOf(String given, ImportMapping mapping, String fileName) {
        if (given != null && !given.isBlank()) {
            try {
                return ImportMapping.Format.valueOf(given.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ImportMapping.InvalidMapping("format must be xes or csv, not '" + given + "'");
            }
        }
        if (mapping.format() != null) {
            return mapping.format();
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
            return ImportMapping.Format.CSV;
        }
        if (lower.endsWith(".xes") || lower.endsWith(".xes.gz")) {
            return ImportMapping.Format.XES;
        }
        throw new ImportMapping.InvalidMapping("Say which format the file is: format=xes or format=csv (or 'format' in the mapping)");
    }

    @ExceptionHandler(ImportMapping.InvalidMapping.class)
    ProblemDetail invalidMapping(ImportMapping.InvalidMapping e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid import mapping");
        return problem;
    }

    @ExceptionHandler(MalformedLog.class)
    ProblemDetail malformedLog(MalformedLog e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Malformed log");
        problem.setProperty("position", e.position());
        return problem;
    }

    @ExceptionHandler(Importer.AlreadyRunning.class)
    ProblemDetail alreadyRunning(Importer.AlreadyRunning e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Import already running");
        problem.setProperty("runningImport", e.running);
        return problem;
    }

    @ExceptionHandler(Importer.NotRunning.class)
    ProblemDetail notRunning(Importer.NotRunning e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Import not running");
        problem.setProperty("state", e.report.state());
        return problem;
    }

    @ExceptionHandler(Importer.UnknownImport.class)
    ProblemDetail unknownImport(Importer.UnknownImport e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Unknown import");
        return problem;
    }
}
