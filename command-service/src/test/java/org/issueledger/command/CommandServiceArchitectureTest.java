package org.issueledger.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.time.Clock;
import java.time.Instant;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.issueledger.command", importOptions = ImportOption.DoNotIncludeTests.class)
class CommandServiceArchitectureTest {

    /** Time is data: it comes in with the command, so replays and imports give the same answers. */
    @ArchTest
    static final ArchRule aggregateNeverReadsAClock = noClasses()
            .that().haveSimpleName("Issue")
            .should().callMethod(Instant.class, "now")
            .orShould().dependOnClassesThat().areAssignableTo(Clock.class);

    /** Rules live in the aggregate; the web edge is a thin mapping and the aggregate knows nothing of HTTP. */
    @ArchTest
    static final ArchRule aggregateKnowsNothingOfTheWeb = noClasses()
            .that().haveSimpleName("Issue")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..");

    @ArchTest
    static final ArchRule relayIsNotCalledByTheDomain = noClasses()
            .that().resideInAPackage("..command.issue..")
            .should().dependOnClassesThat().resideInAPackage("..command.relay..");
}
