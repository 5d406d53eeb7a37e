package dev.switchyard.core.tokens;

import java.util.Base64;

/**
 * The input tokens an image costs, with each provider's documented formula, from the image's
 * own size, read from its header bytes (PNG, JPEG, GIF, WebP) as the providers decode it. The
 * one place for these formulas: the router counts with them before a call (at the formula's
 * largest value when it cannot know the size: an http URL, which it never fetches), and
 * provider-sim bills with them as the providers do.
 */
public final class ImageTokens {

    /** The largest OpenAI high-detail count of any size: 2048 x 768 after scaling, 4 x 2 tiles. */
    public static final int OPENAI_MOST = 85 + 170 * 8;
    /** The largest Anthropic count: a 1568 px square. */
    public static final int ANTHROPIC_MOST = (1568 * 1568 + 749) / 750;

    private ImageTokens() {
    }

    public record Size(int width, int height) {
    }

    /**
     * An image's tokens on a provider: OpenAI's or Anthropic's formula, and for any other provider
     * (Google's, Mistral's, whose counting is not the same) the larger of the two, a bound that
     * never under-counts a budget. A null size is an image whose size is not known: the most the
     * formula gives.
     */
    public static int forProvider(String provider, Size size, String detail) {
        return switch (provider) {
            case "openai" -> size == null ? ("low".equals(detail) ? 85 : OPENAI_MOST) : openAiTokens(size, detail);
            case "anthropic" -> size == null ? ANTHROPIC_MOST : anthropicTokens(size);
            default -> Math.max(forProvider("openai", size, null), forProvider("anthropic", size, null));
        };
    }

    /**
     * OpenAI's vision pricing for the GPT-4o family: 85 tokens at low detail; else the image is
     * scaled to fit 2048 x 2048, then its shortest side down to 768, and each 512 px tile costs 170
     * on top of the 85.
     */
    public static int openAiTokens(Size size, String detail) {
        if ("low".equals(detail)) {
            return 85;
        }
        double width = size.width();
        double height = size.height();
        double fit = Math.min(1, 2048 / Math.max(width, height));
        width *= fit;
        height *= fit;
        double shortest = Math.min(width, height);
        if (shortest > 768) {
            width *= 768 / shortest;
            height *= 768 / shortest;
        }
        int tiles = (int) Math.ceil(Math.round(width) / 512.0) * (int) Math.ceil(Math.round(height) / 512.0);
        return 85 + 170 * tiles;
    }

    /** Anthropic's: scaled so its long edge is at most 1568 px, then width x height / 750, rounded up. */
    public static int anthropicTokens(Size size) {
        double scale = Math.min(1, 1568.0 / Math.max(size.width(), size.height()));
        long width = Math.round(size.width() * scale);
        long height = Math.round(size.height() * scale);
        return (int) ((width * height + 749) / 750);
    }

    /** The size of an image given as a URL: a data: URL's own, or null for an http(s) URL, not fetched. */
    public static Size ofUrl(String url) {
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
                throw new IllegalArgumentException("an image data: URL must be base64");
            }
            return ofBase64(url.substring(comma + 1));
        }
        return null;
    }

    /**
     * The size of a base64 image, from the first {@value #HEADER_CHARS} characters only: every
     * format's size is in its first bytes (a JPEG's usually within its first kilobytes), and an
     * image of megabytes is not decoded whole to find it.
     *
     * @throws IllegalArgumentException when the data is not base64 or no size is found in it
     */
    public static Size ofBase64(String data) {
        byte[] bytes;
        try {
            String head = data.length() <= HEADER_CHARS ? data : data.substring(0, HEADER_CHARS);
            bytes = Base64.getMimeDecoder().decode(head.substring(0, head.length() - head.length() % 4));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the image data is not base64");
        }
        Size size = ofBytes(bytes);
        if (size == null || size.width() <= 0 || size.height() <= 0) {
            throw new IllegalArgumentException("the image could not be decoded: not a PNG, JPEG, GIF or WebP");
        }
        return size;
    }

    /** 48 KiB of image bytes. */
    private static final int HEADER_CHARS = 65_536;

    private static Size ofBytes(byte[] b) {
        if (b.length >= 24 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return new Size(int32(b, 16), int32(b, 20));
        }
        if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            return new Size(int16le(b, 6), int16le(b, 8));
        }
        if (b.length >= 30 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E') {
            return webp(b);
        }
        if (b.length >= 4 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) {
            return jpeg(b);
        }
        return null;
    }

    /** The frame header (SOF0 to SOF15, but not DHT, JPG or DAC, which share the range) holds the size. */
    private static Size jpeg(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xff) != 0xFF) {
                return null;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            int length = int16(b, i + 2);
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return new Size(int16(b, i + 7), int16(b, i + 5));
            }
            i += 2 + length;
        }
        return null;
    }

    private static Size webp(byte[] b) {
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> new Size(int16le(b, 26) & 0x3FFF, int16le(b, 28) & 0x3FFF);
            case "VP8L" -> {
                int bits = (b[21] & 0xff) | (b[22] & 0xff) << 8 | (b[23] & 0xff) << 16 | (b[24] & 0xff) << 24;
                yield new Size((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
            }
            case "VP8X" -> new Size(int24le(b, 24) + 1, int24le(b, 27) + 1);
            default -> null;
        };
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static int int16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static int int16le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int int24le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }
}
