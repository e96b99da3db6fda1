package org.issueledger.command.webhooks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.issueledger.command", importOptions = ImportOption.DoNotIncludeTests.class)
class WebhooksArchitectureTest {

    /** Webhooks follow the log; the domain neither knows nor waits for them. */
    @ArchTest
    static final ArchRule domainDoesNotCallWebhooks = noClasses()
            .that().resideInAnyPackage("..command.issue..", "..command.sla..")
            .should().dependOnClassesThat().resideInAPackage("..command.webhooks..");

    /** Subscriptions are configuration, not events: nothing here sends a command (and so nothing here appends). */
    @ArchTest
    static final ArchRule webhooksSendNoCommands = noClasses()
            .that().resideInAPackage("..command.webhooks..")
            .should().dependOnClassesThat().haveSimpleName("CommandGateway");
}
