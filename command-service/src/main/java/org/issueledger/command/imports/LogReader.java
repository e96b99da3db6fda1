package org.issueledger.command.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Reads a source log case by case; the formats differ only in how they find the fields. */
interface LogReader extends AutoCloseable {

    /** @return the next case's consecutive events, or null at the end of the file */
    SourceCase next();

    @Override
    void close();

    static LogReader open(InputStream raw, ImportMapping mapping, ImportMapping.Format format) throws IOException {
        InputStream in = maybeGunzip(raw);
        return format == ImportMapping.Format.CSV ? new CsvReader(in, mapping) : new XesReader(in, mapping);
    }

    /** Either form is accepted whatever the file is called: gzip announces itself in its first two bytes. */
    static InputStream maybeGunzip(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }
}
