package org.issueledger.command.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.issueledger.events.issue.IssueStatus;
import org.junit.jupiter.api.Test;

/** Users read the lifecycle in the README; it must say exactly what the aggregate enforces. */
class LifecycleTableInReadmeTest {

    @Test
    void readmeTableMatchesTheAggregatesTransitionTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("<!-- lifecycle-table:start -->"),
                readme.indexOf("<!-- lifecycle-table:end -->"));
        Map<String, Set<IssueStatus>> documented = new LinkedHashMap<>();
        table.lines().filter(line -> line.startsWith("| ") && !line.startsWith("| verb")).forEach(line -> {
            String[] cells = line.split("\\|");
            documented.put(cells[1].strip(), Arrays.stream(cells[3].split(","))
                    .map(s -> IssueStatus.valueOf(s.strip()))
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(IssueStatus.class))));
        });
        Map<String, Set<IssueStatus>> enforced = new LinkedHashMap<>();
        for (Verb verb : Verb.values()) {
            enforced.put(verb.label(), EnumSet.copyOf(verb.allowedFrom()));
        }
        assertThat(documented).isEqualTo(enforced);
    }
}
