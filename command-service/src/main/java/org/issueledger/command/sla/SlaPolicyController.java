package org.issueledger.command.sla;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.issueledger.command.web.CommandContext;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.SlaPolicy;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Administration of the SLA policy: its versions, the one in force, and defining a new one. */
@RestController
@RequestMapping("/api/admin/sla/policies")
@Validated
class SlaPolicyController {

    private final CommandGateway commands;
    private final SlaPolicies policies;
    private final Clock clock;

    SlaPolicyController(CommandGateway commands, SlaPolicies policies, Clock clock) {
        this.commands = commands;
        this.policies = policies;
        this.clock = clock;
    }

    /** Every part is optional: what is left out is taken over from the current version. */
    record NewVersion(Map<Priority, SlaPolicy.Targets> targets, @Min(1) @Max(99) Integer warningPercent,
                      List<SlaPolicy.EscalationStep> ladder, BusinessCalendar calendar, Instant effectiveFrom) {
    }

    @GetMapping
    Map<String, Object> versions() {
        return Map.of("policyId", SlaPolicyBook.DEFAULT_BOOK, "versions", policies.versions());
    }

    @GetMapping("/in-force")
    SlaPolicy inForce(@RequestParam(required = false) Instant at) {
        return policies.inForceAt(at != null ? at : clock.instant());
    }

    @PostMapping
    ResponseEntity<SlaPolicy> define(@RequestBody NewVersion body, HttpServletRequest http) {
        CommandContext context = CommandContext.of(http);
        commands.sendAndWait(new DefineSlaPolicyVersion(SlaPolicyBook.DEFAULT_BOOK, body.targets(),
                body.warningPercent(), body.ladder(), body.calendar(), body.effectiveFrom(), clock.instant(),
                context.actor()));
        List<SlaPolicy> versions = policies.versions();
        SlaPolicy defined = versions.get(versions.size() - 1);
        return ResponseEntity.created(URI.create("/api/admin/sla/policies")).body(defined);
    }

    /**
     * Adds the holidays of an iCalendar file (text/calendar) to the current calendar, as a new policy
     * version. Recurring events are expanded up to {@code until} (default: ten years ahead).
     */
    @PostMapping(path = "/holidays", consumes = {"text/calendar", "text/plain"})
    ResponseEntity<SlaPolicy> importHolidays(@RequestBody String ics, @RequestParam(required = false) LocalDate until,
                                             @RequestParam(required = false) Instant effectiveFrom,
                                             HttpServletRequest http) {
        Instant now = clock.instant();
        BusinessCalendar calendar = policies.inForceAt(now).calendar();
        ZoneId zone = ZoneId.of(calendar.zone());
        SortedSet<LocalDate> holidays = new TreeSet<>(calendar.holidays());
        holidays.addAll(Holidays.fromICalendar(ics, zone, until != null ? until : LocalDate.ofInstant(now, zone).plusYears(10)));
        BusinessCalendar withHolidays = new BusinessCalendar(calendar.name(), calendar.zone(), calendar.week(), holidays);
        return define(new NewVersion(null, null, null, withHolidays, effectiveFrom), http);
    }

    @ExceptionHandler(InvalidPolicy.class)
    ProblemDetail invalid(InvalidPolicy e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("Invalid SLA policy");
        return problem;
    }
}
