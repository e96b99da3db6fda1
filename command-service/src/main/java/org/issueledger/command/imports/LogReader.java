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
        Remembering in = new Remembering(maybeGunzip(raw));
        return format == ImportMapping.Format.CSV ? new CsvReader(in, mapping) : new XesReader(in, mapping);
    }

    /**
     * Remembers the stream's failure: an XML parser reports a truncated gzip underneath as a premature
     * end of the document, which would send the operator looking for a broken tag.
     */
    final class Remembering extends java.io.FilterInputStream {
        volatile IOException failure;

        Remembering(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
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
