package dev.loopkeeper.ownership;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one table holds a person's data.
 *
 * @param name       the table
 * @param rowsOf     an SQL predicate that selects the person's rows; every {@code ?} is the person's id
 * @param handling   whether an export carries the rows and an import restores them
 * @param owners     columns that hold the person's own id: an import writes the importer's id there
 * @param links      columns that hold the id of another exported row, by the table it points at: remapped on import
 * @param key        the columns that make a row the same row again, so that importing a file twice adds nothing
 * @param recomputed columns derived from the others (vectors of the loop's text), left out of an export and
 *                   computed again after an import, and the lease of the process computing them
 */
public record PersonalTable(String name, String rowsOf, Handling handling, Set<String> owners,
        Map<String, String> links, List<String> key, Set<String> recomputed) {

    public PersonalTable {
        owners = Set.copyOf(owners);
        links = Map.copyOf(links);
        key = List.copyOf(key);
        recomputed = Set.copyOf(recomputed);
    }

    /** What export and import do with a table's rows; forgetting a person deletes them in every case. */
    public enum Handling {
        /** Exported, and restored by an import. */
        PORTABLE,
        /** Exported for the person to read, not imported: the rows point at what is not theirs (a server's loops). */
        EXPORTED,
        /** Neither: delivery state and counters, which mean nothing outside this database. */
        INTERNAL
    }

    boolean exported() {
        return handling != Handling.INTERNAL;
    }

    /** The number of {@code ?} in {@link #rowsOf}: each is bound to the person's id. */
    int personParameters() {
        return (int) rowsOf.chars().filter(c -> c == '?').count();
    }
}
