package io.waas.crypto.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.waas.core.SecurityEvent;
import io.waas.crypto.internal.ContextCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * JSON lines for audit records, with Jackson's streaming API.
 *
 * <p>Design: the writer emits fields in one fixed order with every non-ASCII character escaped,
 * so each record has exactly one line. The parser reads the fields in that order, checks each
 * value, and finally re-encodes the record and requires the result to equal the input byte for
 * byte. That last step is what makes the format canonical: whitespace, escapes, number spellings
 * or key order that JSON would allow are all refused, so any change to a line is either a parse
 * failure or a different record (and a tag that no longer verifies). The tag itself covers a
 * separate binary encoding ({@link AuditRecord#authenticatedBytes}), so the security of the chain
 * never depends on JSON details.
 */
final class AuditRecordCodec {
  static final int MAX_SIGNATURE_BYTES = 8192;
  static final long MAX_FILE_INDEX = 999_999_999_999L;
  static final int MAX_CHECKPOINT_EVERY = 1_000_000;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private AuditRecordCodec() {}

  static byte[] encode(AuditRecord r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("v", AuditRecord.FORMAT_VERSION);
      g.writeNumberField("seq", r.sequence());
      g.writeStringField("kind", r.kind().json);
      g.writeStringField("time", r.time().toString());
      switch (r.kind()) {
        case HEADER:
          g.writeStringField("log", r.logId());
          g.writeNumberField("file", r.fileIndex());
          g.writeNumberField("checkpointEvery", r.checkpointEvery());
          break;
        case EVENT:
          SecurityEvent e = Objects.requireNonNull(r.event());
          g.writeStringField("type", e.type());
          g.writeStringField("outcome", e.outcome().name());
          g.writeStringField("at", e.timestamp().toString());
          String tenant = e.tenant();
          if (tenant != null) {
            g.writeStringField("tenant", tenant);
          }
          String subject = e.subject();
          if (subject != null) {
            g.writeStringField("subject", subject);
          }
          g.writeObjectFieldStart("attrs");
          for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            g.writeStringField(a.getKey(), a.getValue());
          }
          g.writeEndObject();
          break;
        case CHECKPOINT:
          g.writeStringField("reason", Objects.requireNonNull(r.checkpointReason()).json);
          g.writeStringField("sig", base64(r.signatureRaw()));
          break;
      }
      g.writeStringField("prev", base64(r.previousRaw()));
      g.writeStringField("mac", base64(r.tagRaw()));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }

  private static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static AuditRecord parse(byte[] line) throws MalformedAuditRecordException {
    if (line.length == 0) {
      throw new MalformedAuditRecordException("empty line");
    }
    if (line.length > AuditRecord.MAX_LINE_BYTES) {
      throw new MalformedAuditRecordException(
          "line of " + line.length + " bytes is longer than " + AuditRecord.MAX_LINE_BYTES);
    }
    AuditRecord record;
    try (JsonParser p = JSON.createParser(line)) {
      record = read(new Fields(p));
    } catch (JsonProcessingException e) {
      throw new MalformedAuditRecordException("not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedAuditRecordException("unreadable: " + e, e);
    } catch (DateTimeException e) {
      throw new MalformedAuditRecordException("malformed timestamp", e);
    } catch (IllegalArgumentException e) {
      // Base64, event type and attribute names, unpaired surrogates.
      throw new MalformedAuditRecordException("invalid value: " + e.getMessage(), e);
    }
    byte[] canonical = encode(record);
    if (!Arrays.equals(canonical, line)) {
      throw new MalformedAuditRecordException(
          "not in canonical form (the SDK writes this record differently): changed spacing, escapes,"
              + " number or field spelling");
    }
    return record;
  }

  private static AuditRecord read(Fields f) throws IOException, MalformedAuditRecordException {
    f.expect(JsonToken.START_OBJECT, "a JSON object");
    long version = f.integer("v");
    if (version != AuditRecord.FORMAT_VERSION) {
      throw new MalformedAuditRecordException("unsupported record version " + version);
    }
    long seq = f.integer("seq");
    if (seq < 0) {
      throw new MalformedAuditRecordException("negative sequence number");
    }
    String kindName = f.string("kind");
    AuditRecord.Kind kind = AuditRecord.Kind.of(kindName);
    if (kind == null) {
      throw new MalformedAuditRecordException("unknown record kind");
    }
    Instant time = Instant.parse(f.string("time"));
    AuditRecord r;
    switch (kind) {
      case HEADER:
        {
          byte[] logId = hex(f.string("log"));
          long file = f.integer("file");
          if (file < 0 || file > MAX_FILE_INDEX) {
            throw new MalformedAuditRecordException("file index out of range");
          }
          long every = f.integer("checkpointEvery");
          if (every < 1 || every > MAX_CHECKPOINT_EVERY) {
            throw new MalformedAuditRecordException("checkpoint cadence out of range");
          }
          r = AuditRecord.header(seq, time, logId, file, (int) every, f.previous());
          break;
        }
      case EVENT:
        r = AuditRecord.event(seq, time, readEvent(f), f.previous());
        break;
      case CHECKPOINT:
        {
          AuditRecord.CheckpointReason reason = AuditRecord.CheckpointReason.of(f.string("reason"));
          if (reason == null) {
            throw new MalformedAuditRecordException("unknown checkpoint reason");
          }
          byte[] sig = Base64.getDecoder().decode(f.string("sig"));
          if (sig.length == 0 || sig.length > MAX_SIGNATURE_BYTES) {
            throw new MalformedAuditRecordException("checkpoint signature of " + sig.length + " bytes");
          }
          r = AuditRecord.checkpoint(seq, time, reason, f.previous()).withSignature(sig);
          break;
        }
      default:
        throw new AssertionError(kind);
    }
    byte[] prev = r.previousRaw();
    boolean first = kind == AuditRecord.Kind.HEADER && seq == 0 && r.fileIndex() == 0;
    if (first ? prev.length != 0 : prev.length != AuditRecord.CHAIN_VALUE_BYTES) {
      throw new MalformedAuditRecordException(
          first
              ? "the first record of a log has no previous chain value"
              : "previous chain value must be " + AuditRecord.CHAIN_VALUE_BYTES + " bytes");
    }
    byte[] mac = Base64.getDecoder().decode(f.string("mac"));
    if (mac.length != AuditRecord.CHAIN_VALUE_BYTES) {
      throw new MalformedAuditRecordException("tag must be " + AuditRecord.CHAIN_VALUE_BYTES + " bytes");
    }
    f.expect(JsonToken.END_OBJECT, "the end of the record");
    if (f.p.nextToken() != null) {
      throw new MalformedAuditRecordException("data after the record");
    }
    return r.withTag(mac);
  }

  private static SecurityEvent readEvent(Fields f) throws IOException, MalformedAuditRecordException {
    String type = f.string("type");
    SecurityEvent.Outcome outcome = outcome(f.string("outcome"));
    Instant at = Instant.parse(f.string("at"));
    SecurityEvent.Builder b = SecurityEvent.builder(type, outcome).timestamp(at);
    String name = f.nextName();
    if (name.equals("tenant")) {
      b.tenant(text(f.value("tenant")));
      name = f.nextName();
    }
    if (name.equals("subject")) {
      b.subject(text(f.value("subject")));
      name = f.nextName();
    }
    if (!name.equals("attrs")) {
      throw new MalformedAuditRecordException("expected field 'attrs'");
    }
    f.next(JsonToken.START_OBJECT, "an object for 'attrs'");
    for (JsonToken t = f.p.nextToken(); t != JsonToken.END_OBJECT; t = f.p.nextToken()) {
      if (t != JsonToken.FIELD_NAME) {
        throw new MalformedAuditRecordException("malformed attributes");
      }
      String attr = f.p.currentName();
      f.next(JsonToken.VALUE_STRING, "a string attribute value");
      b.attribute(text(attr), text(f.p.getText()));
    }
    return b.build();
  }

  private static SecurityEvent.Outcome outcome(String name) throws MalformedAuditRecordException {
    for (SecurityEvent.Outcome o : SecurityEvent.Outcome.values()) {
      if (o.name().equals(name)) {
        return o;
      }
    }
    throw new MalformedAuditRecordException("unknown event outcome");
  }

  /** Refuses unpaired surrogates, which the tag's UTF-8 encoding could not represent. */
  private static String text(String s) {
    ContextCodec.strictUtf8(s);
    return s;
  }

  private static byte[] hex(String s) throws MalformedAuditRecordException {
    if (s.length() != 2 * AuditRecord.LOG_ID_BYTES || !s.matches("[0-9a-f]+")) {
      throw new MalformedAuditRecordException("log id must be " + 2 * AuditRecord.LOG_ID_BYTES + " lower-case hex digits");
    }
    return HexFormat.of().parseHex(s);
  }

  /** Reads named fields in a fixed order. */
  private static final class Fields {
    final JsonParser p;

    Fields(JsonParser p) {
      this.p = p;
    }

    void expect(JsonToken token, String what) throws IOException, MalformedAuditRecordException {
      next(token, what);
    }

    void next(JsonToken token, String what) throws IOException, MalformedAuditRecordException {
      if (p.nextToken() != token) {
        throw new MalformedAuditRecordException("expected " + what);
      }
    }

    String nextName() throws IOException, MalformedAuditRecordException {
      if (p.nextToken() != JsonToken.FIELD_NAME) {
        throw new MalformedAuditRecordException("expected a field name");
      }
      return p.currentName();
    }

    void name(String name) throws IOException, MalformedAuditRecordException {
      if (p.nextToken() != JsonToken.FIELD_NAME || !name.equals(p.currentName())) {
        throw new MalformedAuditRecordException("expected field '" + name + "'");
      }
    }

    String value(String name) throws IOException, MalformedAuditRecordException {
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw new MalformedAuditRecordException("field '" + name + "' must be a string");
      }
      return p.getText();
    }

    String string(String name) throws IOException, MalformedAuditRecordException {
      name(name);
      return value(name);
    }

    long integer(String name) throws IOException, MalformedAuditRecordException {
      name(name);
      if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
        throw new MalformedAuditRecordException("field '" + name + "' must be an integer");
      }
      if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
        throw new MalformedAuditRecordException("field '" + name + "' is out of range");
      }
      return p.getLongValue();
    }

    byte[] previous() throws IOException, MalformedAuditRecordException {
      return Base64.getDecoder().decode(string("prev"));
    }
  }
}
