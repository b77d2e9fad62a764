package dev.mxbridge.core.format;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a {@link Node.Styled} span is shown: one of the {@link Basic} styles, a {@link Spoiler} or a {@link Colour}.
 * A network renderer that cannot show a style shows the children plainly.
 */
public sealed interface Style {

    /** The styles without parameters. */
    enum Basic implements Style {
        BOLD, ITALIC, UNDERLINE, STRIKETHROUGH, MONOSPACE, SUPERSCRIPT, SUBSCRIPT
    }

    /**
     * Hidden until the reader asks to see it.
     *
     * @param reason why it is hidden, e.g. the film it spoils
     */
    record Spoiler(Optional<String> reason) implements Style {
        public Spoiler {
            reason = reason.filter(r -> !r.isBlank());
        }

        /** A spoiler without a reason. */
        public static Spoiler of() {
            return new Spoiler(Optional.empty());
        }
    }

    /**
     * Text and background colour; at least one is set.
     *
     * @param foreground the text colour
     * @param background the background colour
     */
    record Colour(Optional<Rgb> foreground, Optional<Rgb> background) implements Style {
        public Colour {
            if (foreground.isEmpty() && background.isEmpty()) {
                throw new IllegalArgumentException("a colour needs a foreground or a background");
            }
        }

        /** Only a text colour. */
        public static Colour of(Rgb foreground) {
            return new Colour(Optional.of(foreground), Optional.empty());
        }
    }

    /**
     * A 24-bit sRGB colour.
     *
     * @param value {@code 0xRRGGBB}
     */
    record Rgb(int value) {
        private static final Pattern HEX = Pattern.compile("#[0-9A-Fa-f]{6}");

        public Rgb {
            if ((value & ~0xFFFFFF) != 0) {
                throw new IllegalArgumentException("rgb value must fit 24 bits: " + Integer.toHexString(value));
            }
        }

        public static Rgb of(int red, int green, int blue) {
            for (int c : new int[] {red, green, blue}) {
                if (c < 0 || c > 255) {
                    throw new IllegalArgumentException("colour components must be 0 to 255: " + c);
                }
            }
            return new Rgb(red << 16 | green << 8 | blue);
        }

        /** Parses {@code #rrggbb}, the form Matrix HTML uses; anything else is empty. */
        public static Optional<Rgb> parse(String hex) {
            Objects.requireNonNull(hex, "hex");
            return HEX.matcher(hex).matches()
                    ? Optional.of(new Rgb(HexFormat.fromHexDigits(hex, 1, 7)))
                    : Optional.empty();
        }

        public int red() {
            return value >> 16;
        }

        public int green() {
            return value >> 8 & 0xFF;
        }

        public int blue() {
            return value & 0xFF;
        }

        /** {@code #rrggbb} in lower case. */
        public String hex() {
            return "#" + HexFormat.of().toHexDigits(value).substring(2);
        }

        @Override
        public String toString() {
            return hex();
        }
    }
}
