package org.issueledger.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.issueledger.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QueryServiceArchitectureTest {

    @ArchTest
    static final ArchRule queryServiceNeverReachesIntoTheCommandSide = noClasses()
            .should().dependOnClassesThat().resideInAPackage("org.issueledger.command..");

    @ArchTest
    static final ArchRule consumingKnowsProjectionsOnlyThroughTheirInterface = noClasses()
            .that().resideInAPackage("..query.consuming..")
            .should().dependOnClassesThat().resideInAnyPackage("..query.issueview..", "..query.audit..");

    @ArchTest
    static final ArchRule issueViewDoesNotDependOnTheAuditTrail = noClasses()
            .that().resideInAPackage("..query.issueview..")
            .should().dependOnClassesThat().resideInAPackage("..query.audit..");

    @ArchTest
    static final ArchRule auditDoesNotDependOnTheIssueView = noClasses()
            .that().resideInAPackage("..query.audit..")
            .should().dependOnClassesThat().resideInAPackage("..query.issueview..");

    @ArchTest
    static final ArchRule kafkaIsUsedThroughKafkaClientsOnly = noClasses()
            .should().dependOnClassesThat().resideInAPackage("org.springframework.kafka..");
}
