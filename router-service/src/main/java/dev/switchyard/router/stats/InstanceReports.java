package dev.switchyard.router.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of the router's model-stats store: the latest report of each executor instance on one
 * model, each its {@code llm.model-stats} record as it came. One value per model rather than one
 * per instance, so that routing reads a model's reports with one lookup, not a range scan.
 */
public final class InstanceReports {

    /** @param record the record's bytes as they came; decoded only when they change */
    public record Report(String instance, long updatedAtMs, byte[] record) {
    }

    private InstanceReports() {
    }

    /** {@code current} with {@code instance}'s report replaced by {@code report}, or removed when it is null. */
    static List<Report> replace(List<Report> current, String instance, Report report) {
        List<Report> reports = new ArrayList<>(current.size() + 1);
        for (Report other : current) {
            if (!other.instance().equals(instance)) {
                reports.add(other);
            }
        }
        if (report != null) {
            reports.add(report);
        }
        return reports;
    }

    static byte[] encode(List<Report> reports) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(reports.size());
            for (Report report : reports) {
                out.writeUTF(report.instance());
                out.writeLong(report.updatedAtMs());
                out.writeInt(report.record().length);
                out.write(report.record());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static List<Report> decode(byte[] value) {
        if (value == null) {
            return List.of();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int count = in.readInt();
            List<Report> reports = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String instance = in.readUTF();
                long updatedAtMs = in.readLong();
                byte[] record = in.readNBytes(in.readInt());
                reports.add(new Report(instance, updatedAtMs, record));
            }
            return reports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
