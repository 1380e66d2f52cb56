package nl.werkplaats.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over a plain socket, one request per connection: for requests a proper client will not send. */
final class RawHttp {
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  /** Sends {@code head} (request line and headers, without the final empty line) and {@code body}. */
  static Response send(int port, String head, byte[] body) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      StringBuilder h = new StringBuilder(head);
      if (!head.toLowerCase(Locale.ROOT).contains("\r\nhost:")) {
        h.append("\r\nHost: 127.0.0.1:").append(port);
      }
      h.append("\r\nConnection: close\r\n\r\n");
      out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null && body.length > 0) {
        try {
          out.write(body);
        } catch (IOException e) {
          // the server may answer (413) and close before it has read everything
        }
      }
      out.flush();
      return read(s.getInputStream());
    }
  }

  static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    try {
      while ((n = in.read(buf)) > 0) {
        all.write(buf, 0, n);
      }
    } catch (java.net.SocketException e) {
      // reset after the answer
    }
    byte[] bytes = all.toByteArray();
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete answer: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
    }
    byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(status, headers, body);
  }

  private static byte[] dechunk(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < b.length) {
      int eol = i;
      while (eol + 1 < b.length && !(b[eol] == '\r' && b[eol + 1] == '\n')) {
        eol++;
      }
      int size = Integer.parseInt(new String(b, i, eol - i, StandardCharsets.US_ASCII).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      out.write(b, eol + 2, Math.min(size, b.length - eol - 2));
      i = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }
}
