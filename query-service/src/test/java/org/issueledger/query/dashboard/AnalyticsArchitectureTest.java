package org.issueledger.query.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Each analytics read model stands alone (its own tables, projection, queries and API), so any one of them can be
 * rebuilt or dropped without the others; they share only the consumer's interfaces and the web package's answer
 * formats.
 */
@AnalyzeClasses(packages = "org.issueledger.query", importOptions = ImportOption.DoNotIncludeTests.class)
class AnalyticsArchitectureTest {

    @ArchTest
    static final ArchRule rankingsStandAlone = noClasses()
            .that().resideInAPackage("..query.rankings..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("..query.kpi..", "..query.issueview..", "..query.audit..", "..query.sla..");

    @ArchTest
    static final ArchRule kpisStandAlone = noClasses()
            .that().resideInAPackage("..query.kpi..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("..query.rankings..", "..query.issueview..", "..query.audit..", "..query.sla..");

    @ArchTest
    static final ArchRule sharedWebPiecesKnowNoReadModel = noClasses()
            .that().resideInAPackage("..query.web..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("..query.rankings..", "..query.kpi..", "..query.issueview..", "..query.audit..",
                    "..query.sla..");

    @ArchTest
    static final ArchRule replayKnowsNoReadModel = noClasses()
            .that().resideInAPackage("..query.replay..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("..query.rankings..", "..query.kpi..", "..query.issueview..", "..query.audit..",
                    "..query.sla..");

    @ArchTest
    static final ArchRule consumingKnowsAnalyticsOnlyThroughTheProjectionInterface = noClasses()
            .that().resideInAPackage("..query.consuming..")
            .should().dependOnClassesThat().resideInAnyPackage("..query.rankings..", "..query.kpi..");
}
