package dev.mxbridge.irc;

import dev.mxbridge.core.format.Style.Rgb;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;

/**
 * The colours behind the mIRC colour numbers: 0 to 15 as most clients show them, 16 to 98 as fixed by the modern
 * IRC formatting specification (modern.ircdocs.horse, "Colors 16-98"). 99 means the client's default colour and
 * has no value.
 */
final class MircPalette {
    /** The number meaning "default colour". */
    static final int DEFAULT = 99;
    /** How many colours have numbers: 0 to 98. */
    static final int SIZE = 99;
    /** The first 16, which practically every client shows; colours without an exact number map to one of these. */
    static final int BASIC = 16;

    private static final List<Rgb> COLOURS = List.of(
            // 0-15: white, black, navy, green, red, brown, purple, orange, yellow, lime, teal, cyan, blue, pink,
            // grey, light grey
            "ffffff", "000000", "00007f", "009300", "ff0000", "7f0000", "9c009c", "fc7f00",
            "ffff00", "00fc00", "009393", "00ffff", "0000fc", "ff00ff", "7f7f7f", "d2d2d2",
            // 16-98
            "470000", "472100", "474700", "324700", "004700", "00472c", "004747", "002747",
            "000047", "2e0047", "470047", "47002a", "740000", "743a00", "747400", "517400",
            "007400", "007449", "007474", "004074", "000074", "4b0074", "740074", "740045",
            "b50000", "b56300", "b5b500", "7db500", "00b500", "00b571", "00b5b5", "0063b5",
            "0000b5", "7500b5", "b500b5", "b5006b", "ff0000", "ff8c00", "ffff00", "b2ff00",
            "00ff00", "00ffa0", "00ffff", "008cff", "0000ff", "a500ff", "ff00ff", "ff0098",
            "ff5959", "ffb459", "ffff71", "cfff60", "6fff6f", "65ffc9", "6dffff", "59b4ff",
            "5959ff", "c459ff", "ff66ff", "ff59bc", "ff9c9c", "ffd39c", "ffff9c", "e2ff9c",
            "9cff9c", "9cffdb", "9cffff", "9cd3ff", "9c9cff", "dc9cff", "ff9cff", "ff94d3",
            "000000", "131313", "282828", "363636", "4d4d4d", "656565", "818181", "9f9f9f",
            "bcbcbc", "e2e2e2", "ffffff")
            .stream().map(hex -> new Rgb(HexFormat.fromHexDigits(hex))).toList();

    private MircPalette() {
    }

    /** The colour of number 0 to 98. */
    static Rgb rgb(int number) {
        return COLOURS.get(number);
    }

    /** The lowest number with exactly this colour, if any. */
    static OptionalInt exact(Rgb rgb) {
        int index = COLOURS.indexOf(rgb);
        return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
    }

    /** The number to send for a colour: its exact number, else the nearest of the 16 basic colours. */
    static int number(Rgb rgb) {
        return exact(rgb).orElseGet(() -> nearestBasic(rgb));
    }

    private static int nearestBasic(Rgb rgb) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < BASIC; i++) {
            Rgb c = COLOURS.get(i);
            // Weighted for the eye's sensitivity ("redmean"), cheap and far better than plain RGB distance.
            long meanRed = (rgb.red() + c.red()) / 2;
            long dr = rgb.red() - c.red();
            long dg = rgb.green() - c.green();
            long db = rgb.blue() - c.blue();
            long distance = ((512 + meanRed) * dr * dr >> 8) + 4 * dg * dg + ((767 - meanRed) * db * db >> 8);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
        return best;
    }
}
