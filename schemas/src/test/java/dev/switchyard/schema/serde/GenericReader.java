package dev.switchyard.schema.serde;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/** A reader of the wire format with a schema that has no generated class: a "newer" reader. */
record GenericReader(Schema readerSchema, SchemaIds ids) {

    GenericRecord read(byte[] wire) throws java.io.IOException {
        int id = ByteBuffer.wrap(wire, 1, 4).getInt();
        return new GenericDatumReader<GenericRecord>(ids.schemaFor(id), readerSchema)
                .read(null, DecoderFactory.get().binaryDecoder(wire, 5, wire.length - 5, null));
    }
}
