package dev.mxbridge.irc;

import dev.mxbridge.core.format.Style.Rgb;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The formatting in force at a point of an IRC line, and the control codes that change it. IRC formatting is a
 * state machine over the line: toggles ({@code \x02} bold, {@code \x1D} italic, {@code \x1F} underline, {@code \x1E}
 * strikethrough, {@code \x11} monospace, {@code \x16} reverse), colours ({@code \x03fg,bg} with mIRC numbers,
 * {@code \x04RRGGBB,RRGGBB} in hex) and {@code \x0F} to reset everything. Each line starts plain.
 */
record IrcStyle(boolean bold, boolean italic, boolean underline, boolean strikethrough, boolean monospace,
                boolean reverse, Optional<Colour> foreground, Optional<Colour> background) {

    static final char BOLD = '\u0002';
    static final char COLOUR = '\u0003';
    static final char HEX_COLOUR = '\u0004';
    static final char RESET = '\u000F';
    static final char MONOSPACE = '\u0011';
    static final char REVERSE = '\u0016';
    static final char ITALIC = '\u001D';
    static final char STRIKETHROUGH = '\u001E';
    static final char UNDERLINE = '\u001F';

    static final IrcStyle PLAIN = new IrcStyle(false, false, false, false, false, false, Optional.empty(),
            Optional.empty());

    /** Two toggles that cancel out: ends a colour code where the text after it would otherwise extend it. */
    private static final String SEPARATOR = "" + BOLD + BOLD;

    /** A colour as IRC names it: an mIRC number (0 to 98) or a hex value. */
    sealed interface Colour {
        Rgb rgb();
    }

    /** An mIRC colour number, 0 to 98, or 99 for "default" while a code is read. */
    record Numbered(int number) implements Colour {
        Numbered {
            if (number < 0 || number > MircPalette.DEFAULT) {
                throw new IllegalArgumentException("mIRC colour numbers are 0 to 99: " + number);
            }
        }

        @Override
        public Rgb rgb() {
            if (number == MircPalette.DEFAULT) {
                throw new IllegalStateException("99 is the default colour, which has no value");
            }
            return MircPalette.rgb(number);
        }
    }

    /** A colour given in hex with {@code \x04}. */
    record Hex(Rgb rgb) implements Colour {
    }

    /** Whether the character is one of the formatting codes. */
    static boolean isCode(char c) {
        return switch (c) {
            case BOLD, COLOUR, HEX_COLOUR, RESET, MONOSPACE, REVERSE, ITALIC, STRIKETHROUGH, UNDERLINE -> true;
            default -> false;
        };
    }

    /**
     * How many characters the formatting code at {@code i} takes, with its colour arguments; 0 if there is none.
     * A colour code takes at most two digits and a comma only when a background digit follows it.
     */
    static int codeLength(CharSequence s, int i) {
        char c = s.charAt(i);
        if (c == COLOUR) {
            int fg = digits(s, i + 1, 2, false);
            if (fg > 0 && i + 1 + fg < s.length() && s.charAt(i + 1 + fg) == ',') {
                int bg = digits(s, i + 2 + fg, 2, false);
                if (bg > 0) {
                    return 2 + fg + bg;
                }
            }
            return 1 + fg;
        }
        if (c == HEX_COLOUR) {
            int fg = digits(s, i + 1, 6, true) == 6 ? 6 : 0;
            if (fg > 0 && i + 7 < s.length() && s.charAt(i + 7) == ',' && digits(s, i + 8, 6, true) == 6) {
                return 14;
            }
            return 1 + fg;
        }
        return isCode(c) ? 1 : 0;
    }

    /** The style after the code {@code s[i, i + length)}, as found by {@link #codeLength}. */
    IrcStyle apply(CharSequence s, int i, int length) {
        return switch (s.charAt(i)) {
            case BOLD -> new IrcStyle(!bold, italic, underline, strikethrough, monospace, reverse, foreground,
                    background);
            case ITALIC -> new IrcStyle(bold, !italic, underline, strikethrough, monospace, reverse, foreground,
                    background);
            case UNDERLINE -> new IrcStyle(bold, italic, !underline, strikethrough, monospace, reverse, foreground,
                    background);
            case STRIKETHROUGH -> new IrcStyle(bold, italic, underline, !strikethrough, monospace, reverse,
                    foreground, background);
            case MONOSPACE -> new IrcStyle(bold, italic, underline, strikethrough, !monospace, reverse, foreground,
                    background);
            case REVERSE -> new IrcStyle(bold, italic, underline, strikethrough, monospace, !reverse, foreground,
                    background);
            case RESET -> PLAIN;
            case COLOUR -> {
                if (length == 1) {
                    yield colours(Optional.empty(), Optional.empty(), true);
                }
                int fgDigits = digits(s, i + 1, 2, false);
                yield colours(numbered(s, i + 1, fgDigits), length > 1 + fgDigits
                        ? numbered(s, i + 2 + fgDigits, length - 2 - fgDigits) : Optional.empty(), false);
            }
            case HEX_COLOUR -> colours(length >= 7 ? hex(s, i + 1) : Optional.empty(),
                    length == 14 ? hex(s, i + 8) : Optional.empty(), length == 1);
            default -> throw new IllegalArgumentException("not a formatting code: " + (int) s.charAt(i));
        };
    }

    /** The codes that turn this style into {@code target}, written before text that starts with {@code next}. */
    String transition(IrcStyle target, char next) {
        if (equals(target)) {
            return "";
        }
        StringBuilder codes = new StringBuilder();
        toggle(codes, bold, target.bold, BOLD);
        toggle(codes, italic, target.italic, ITALIC);
        toggle(codes, underline, target.underline, UNDERLINE);
        toggle(codes, strikethrough, target.strikethrough, STRIKETHROUGH);
        toggle(codes, monospace, target.monospace, MONOSPACE);
        toggle(codes, reverse, target.reverse, REVERSE);
        if (!foreground.equals(target.foreground) || !background.equals(target.background)) {
            boolean clears = foreground.isPresent() && target.foreground.isEmpty()
                    || background.isPresent() && target.background.isEmpty();
            if (clears) {
                codes.append(COLOUR);
            }
            if (target.foreground.isPresent() || target.background.isPresent()) {
                codes.append(colourCode(target.foreground, target.background));
                if (target.background.isEmpty() && next == ',') {
                    codes.append(SEPARATOR);
                }
            } else if (Character.isDigit(next) || next == ',') {
                codes.append(SEPARATOR);
            }
        }
        // Back to plain, one reset says it in a character where single toggles would take more.
        return target.equals(PLAIN) && codes.length() > 1 ? String.valueOf(RESET) : codes.toString();
    }

    /** The codes that set this style on a fresh line, e.g. to continue formatting on the next line of a split. */
    String restore(char next) {
        return PLAIN.transition(this, next);
    }

    IrcStyle withBold() {
        return new IrcStyle(true, italic, underline, strikethrough, monospace, reverse, foreground, background);
    }

    IrcStyle withItalic() {
        return new IrcStyle(bold, true, underline, strikethrough, monospace, reverse, foreground, background);
    }

    IrcStyle withUnderline() {
        return new IrcStyle(bold, italic, true, strikethrough, monospace, reverse, foreground, background);
    }

    IrcStyle withStrikethrough() {
        return new IrcStyle(bold, italic, underline, true, monospace, reverse, foreground, background);
    }

    IrcStyle withMonospace() {
        return new IrcStyle(bold, italic, underline, strikethrough, true, reverse, foreground, background);
    }

    /** With these colours where given, keeping the current ones where not. */
    IrcStyle withColours(Optional<Colour> fg, Optional<Colour> bg) {
        return new IrcStyle(bold, italic, underline, strikethrough, monospace, reverse, fg.or(() -> foreground),
                bg.or(() -> background));
    }

    private IrcStyle colours(Optional<Colour> fg, Optional<Colour> bg, boolean clear) {
        if (clear) {
            return new IrcStyle(bold, italic, underline, strikethrough, monospace, reverse, Optional.empty(),
                    Optional.empty());
        }
        // 99 is "default": it clears that colour rather than setting one.
        Optional<Colour> newFg = isDefault(fg) ? Optional.empty() : fg.or(() -> foreground);
        Optional<Colour> newBg = bg.isEmpty() ? background : isDefault(bg) ? Optional.empty() : bg;
        return new IrcStyle(bold, italic, underline, strikethrough, monospace, reverse, newFg, newBg);
    }

    private static boolean isDefault(Optional<Colour> colour) {
        return colour.isPresent() && colour.get() instanceof Numbered(int n) && n == MircPalette.DEFAULT;
    }

    /** The colour number of {@code count} digits at {@code from}. */
    private static Optional<Colour> numbered(CharSequence s, int from, int count) {
        return Optional.of(new Numbered(Integer.parseInt(s.subSequence(from, from + count).toString())));
    }

    private static Optional<Colour> hex(CharSequence s, int from) {
        return Optional.of(new Hex(new Rgb(HexFormat.fromHexDigits(s, from, from + 6))));
    }

    private static int digits(CharSequence s, int from, int max, boolean hex) {
        int n = 0;
        while (n < max && from + n < s.length()
                && (hex ? HexFormat.isHexDigit(s.charAt(from + n)) : isAsciiDigit(s.charAt(from + n)))) {
            n++;
        }
        return n;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static void toggle(StringBuilder codes, boolean from, boolean to, char code) {
        if (from != to) {
            codes.append(code);
        }
    }

    private static String colourCode(Optional<Colour> fg, Optional<Colour> bg) {
        boolean hex = fg.orElse(null) instanceof Hex || bg.orElse(null) instanceof Hex;
        if (hex && fg.isPresent()) {
            return HEX_COLOUR + hexDigits(fg.get()) + bg.map(b -> "," + hexDigits(b)).orElse("");
        }
        return COLOUR + twoDigits(fg.map(IrcStyle::number).orElse(MircPalette.DEFAULT))
                + bg.map(b -> "," + twoDigits(number(b))).orElse("");
    }

    private static int number(Colour colour) {
        return switch (colour) {
            case Numbered(int n) -> n;
            case Hex(Rgb rgb) -> MircPalette.number(rgb);
        };
    }

    private static String hexDigits(Colour colour) {
        return HexFormat.of().withUpperCase().toHexDigits(colour.rgb().value()).substring(2);
    }

    private static String twoDigits(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
