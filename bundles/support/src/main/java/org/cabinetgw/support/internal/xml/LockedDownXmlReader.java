package org.cabinetgw.support.internal.xml;

import java.io.IOException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * XML from outside (a cloud's request body, a descriptor in a bundle a deployment package brought) read into a
 * namespace-aware DOM with the JDK's parser, locked down: a document with a DOCTYPE is refused outright (no entity
 * of any kind, so no XXE and no "billion laughs"), no external DTD, entity or schema is ever fetched, XInclude is
 * off, and the JDK's secure-processing limits apply. Nothing is printed: the JDK's default error handler writes
 * "[Fatal Error]" to stderr, here every error is thrown to the caller, who says what it means (a reply, a line).
 */
public final class LockedDownXmlReader {

    private static final DocumentBuilderFactory FACTORY = lockedDownFactory();

    private LockedDownXmlReader() {
    }

    /**
     * The document, or the parser's fault: a {@link SAXParseException} (it carries the line and column) for a
     * document that is not well-formed or has a DOCTYPE, another {@link SAXException} or an {@link IOException}.
     */
    public static Document parse(InputSource source) throws SAXException, IOException {
        DocumentBuilder builder;
        synchronized (FACTORY) { // a factory is not thread-safe; a builder is used by this thread alone
            try {
                builder = FACTORY.newDocumentBuilder();
            } catch (ParserConfigurationException e) {
                throw new IllegalStateException("the JDK's XML parser cannot be made safe: " + e.getMessage(), e);
            }
        }
        builder.setErrorHandler(THROWING);
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity " + systemId + " refused");
        });
        return builder.parse(source);
    }

    private static DocumentBuilderFactory lockedDownFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            // the JDK's own parser knows every feature above; another one would not be safe to use
            throw new IllegalStateException("the JDK's XML parser cannot be made safe: " + e.getMessage(), e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    /** Warnings are not faults; errors and fatal errors go to the caller instead of stderr. */
    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // not a fault
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
