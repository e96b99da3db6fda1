package org.issueledger.query.sla;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The SLA read model stands alone: its own tables, projection, queries and API. It reads no other read model's
 * tables or classes (team, priority and category come from its own per-issue row), so it can be rebuilt or dropped
 * on its own; it shares only the consumer's interfaces, and the web package's answer formats.
 */
@AnalyzeClasses(packages = "org.issueledger.query", importOptions = ImportOption.DoNotIncludeTests.class)
class SlaArchitectureTest {

    @ArchTest
    static final ArchRule slaStandsAlone = noClasses()
            .that().resideInAPackage("..query.sla..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("..query.issueview..", "..query.audit..", "..query.rankings..", "..query.kpi..");

    @ArchTest
    static final ArchRule noOtherPackageReachesIntoTheSlaReadModel = noClasses()
            .that().resideInAPackage("org.issueledger.query..")
            .and().resideOutsideOfPackage("..query.sla..")
            .should().dependOnClassesThat().resideInAPackage("..query.sla..");
}
