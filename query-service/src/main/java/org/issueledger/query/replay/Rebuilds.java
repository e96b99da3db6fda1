package org.issueledger.query.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.issueledger.query.consuming.Projection;
import org.issueledger.query.consuming.ReadModel;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** Starts rebuilds, one at a time per database, each on a thread of its own. */
@Component
class Rebuilds implements DisposableBean {

    static final String ALL = "all";

    private final Map<String, Projection> byName = new LinkedHashMap<>();
    private final Rebuild.Dependencies dependencies;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    Rebuilds(List<Projection> projections, Rebuild.Dependencies dependencies) {
        projections.forEach(projection -> byName.put(projection.readModel().name(), projection));
        this.dependencies = dependencies;
    }

    List<ReadModel> readModels() {
        return byName.values().stream().map(Projection::readModel).toList();
    }

    /**
     * @throws UnknownReadModel when a name is not a read model (nor {@value #ALL})
     * @throws RebuildRunning   when a rebuild is running already, on this instance or another
     */
    RebuildStatus start(List<String> names) {
        List<Projection> chosen = chosen(names);
        List<String> chosenNames = chosen.stream().map(projection -> projection.readModel().name()).toList();
        UUID id = dependencies.runs().begin(chosenNames).orElseThrow(RebuildRunning::new);
        removeLeftovers(id);
        Thread thread = new Thread(new Rebuild(id, chosen, dependencies, () -> stopping), "rebuild-" + id);
        synchronized (threads) {
            threads.removeIf(done -> !done.isAlive());
            threads.add(thread);
        }
        thread.start();
        return status(id).orElseThrow();
    }

    Optional<RebuildStatus> status(UUID id) {
        return dependencies.runs().find(id);
    }

    List<RebuildStatus> latest() {
        return dependencies.runs().latest(20);
    }

    private List<Projection> chosen(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new UnknownReadModel("none named", byName.keySet());
        }
        if (names.contains(ALL)) {
            return List.copyOf(byName.values());
        }
        Set<String> wanted = Set.copyOf(names);
        for (String name : wanted) {
            if (!byName.containsKey(name)) {
                throw new UnknownReadModel("'" + name + "'", byName.keySet());
            }
        }
        // In the live consumer's order, whatever order they were asked in.
        return byName.values().stream().filter(p -> wanted.contains(p.readModel().name())).toList();
    }

    /** Schemas of rebuilds that died with their instance; a running rebuild's own are left alone. */
    private void removeLeftovers(UUID starting) {
        Set<String> inUse = dependencies.runs().running().stream()
                .flatMap(id -> Rebuild.prefixes().stream().map(prefix -> Rebuild.schemaFor(prefix, id)))
                .collect(Collectors.toSet());
        for (String prefix : Rebuild.prefixes()) {
            dependencies.fresh().schemasStartingWith(prefix).stream()
                    .filter(schema -> !inUse.contains(schema))
                    .forEach(dependencies.fresh()::drop);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        List<Thread> running;
        synchronized (threads) {
            running = List.copyOf(threads);
        }
        for (Thread thread : running) {
            thread.join(10_000);
        }
    }
}
