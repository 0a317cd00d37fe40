package org.cabinetgw.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * A response whose body is kept in memory until the filter that made it sends it (changed); status, headers,
 * errors and redirects go to the real response as they are. The body's length is the filter's to set.
 */
final class BufferedResponse extends HttpServletResponseWrapper {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private PrintWriter writer;
    private ServletOutputStream stream;

    BufferedResponse(HttpServletResponse response) {
        super(response);
    }

    byte[] bytes() {
        if (writer != null) {
            writer.flush();
        }
        return body.toByteArray();
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    body.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("not asynchronous");
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws UnsupportedEncodingException {
        if (writer == null) {
            String encoding = getCharacterEncoding();
            writer = new PrintWriter(new OutputStreamWriter(body, encoding == null ? "ISO-8859-1" : encoding));
        }
        return writer;
    }

    @Override
    public void setContentLength(int len) {
        // the masked body has its own length
    }

    @Override
    public void setContentLengthLong(long len) {
        // the masked body has its own length
    }

    @Override
    public void setBufferSize(int size) {
        // all of it is buffered
    }

    @Override
    public void flushBuffer() {
        // sent by the filter once masked
    }

    @Override
    public void resetBuffer() {
        body.reset();
    }

    @Override
    public void reset() {
        super.reset();
        body.reset();
    }
}
