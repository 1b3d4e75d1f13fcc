package dev.loopkeeper.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.support.AppTestBase;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SettingsServiceTest extends AppTestBase {
    private SettingsService settings;

    SettingsServiceTest() {
        super("2026-03-01T10:00:00Z");
    }

    @BeforeEach
    void open() {
        settings = app.settings();
    }

    @Test
    void theSameStartAndEndIsRefusedNotReadAsOff() {
        settings.setQuietHours("ada", "22:00", "07:00", "Europe/Berlin");

        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> settings.setQuietHours("ada", "08:00", "8:00", "Europe/Berlin"));

        assertTrue(refused.getMessage().contains("/focus quiet state:off"), refused.getMessage());
        assertEquals(LocalTime.of(22, 0), settings.person("ada").quietHours().orElseThrow().from(), "unchanged");
    }

    @Test
    void offClearsTheHoursButKeepsTheZone() {
        settings.setQuietHours("ada", "22:00", "07:00", "Europe/Berlin");

        PersonSettings off = settings.clearQuietHours("ada");

        assertTrue(off.quietHours().isEmpty());
        assertEquals(ZoneId.of("Europe/Berlin"), settings.person("ada").zone());
        assertTrue(settings.person("ada").quietHours().isEmpty());
    }

    @Test
    void aMissingZoneMeansTheOneGivenBeforeAndMissingTimesAreExplained() {
        settings.setQuietHours("ada", "22:00", "07:00", "Asia/Tokyo");
        settings.clearQuietHours("ada");

        QuietHours again = settings.setQuietHours("ada", "23:00", "06:00", " ").quietHours().orElseThrow();

        assertEquals(ZoneId.of("Asia/Tokyo"), again.zone());
        assertTrue(assertThrows(InvalidInputException.class, () -> settings.setQuietHours("ada", "23:00", null, null))
                .getMessage().startsWith("Quiet hours need a start and an end"));
    }
    @Test
    void timesAreReadAsPeopleWriteThem() {
        Map<String, String> read = new java.util.LinkedHashMap<>();
        read.put("22:00", "22:00");
        read.put("7:05", "07:05");
        read.put("7", "07:00");
        read.put("22", "22:00");
        read.put("18h", "18:00");
        read.put("18h30", "18:30");
        read.put("18.30", "18:30");
        read.put("10pm", "22:00");
        read.put("6:30 am", "06:30");
        read.put("7 P.M.", "19:00");
        read.put("12am", "00:00");
        read.put("12 pm", "12:00");
        read.forEach((typed, time) -> assertEquals(LocalTime.parse(time), SettingsService.time(typed), typed));
        for (String unreadable : List.of("13pm", "0am", "24", "7:60", "18:", "noon", "6 p", "1830", "18:30:")) {
            assertTrue(assertThrows(InvalidInputException.class, () -> SettingsService.time(unreadable)).getMessage()
                    .contains("is not a time I can read"), unreadable);
        }
    }

    @Test
    void aTimeTypedWrongIsNamedEvenAlone() {
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> settings.setQuietHours("ada", "25:00", null, null));
        assertEquals("'25:00' is not a time I can read. Use HH:MM, such as 22:00, or 10pm.", refused.getMessage());
        assertTrue(settings.person("ada").quietHours().isEmpty());
    }

    @Test
    void aZoneAloneMovesTheHoursThePersonHasAndSetsNoneWithoutThem() {
        InvalidInputException none = assertThrows(InvalidInputException.class,
                () -> settings.setQuietHours("ada", null, null, "Europe/Berlin"));
        assertTrue(none.getMessage().startsWith("Quiet hours need a start and an end"), none.getMessage());
        settings.setQuietHours("ada", "22:00", "07:00", "Asia/Tokyo");

        settings.setQuietHours("ada", null, null, "Europe/Berlin");

        assertEquals(Optional.of(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0),
                ZoneId.of("Europe/Berlin"))), settings.person("ada").quietHours());
    }

    @Test
    void focusQuietWithAZoneAloneAndNoHoursSavesThePersonsZoneAndMovesTheirNudge() {
        app.nudges().set("ada", "monday", "09:00", "UTC", null);

        SettingsService.QuietChange change = settings.quietHours("ada", false, null, null, "Asia/Tokyo");

        assertTrue(change.zoneOnly());
        assertEquals(Optional.of(ZoneId.of("Asia/Tokyo")), settings.givenZone("ada"));
        assertTrue(settings.person("ada").quietHours().isEmpty(), "no hours made up");
        assertEquals(ZoneId.of("Asia/Tokyo"), app.nudges().schedule("ada").orElseThrow().slot().zone(),
                "one zone per person: the nudge follows it, at the same local time");
        assertEquals(LocalTime.of(9, 0), app.nudges().schedule("ada").orElseThrow().slot().time());
        // With hours to move, or turned off to bring back, a zone alone does that, as before.
        settings.setQuietHours("ada", "22:00", "07:00", null);
        assertFalse(settings.quietHours("ada", false, null, null, "Europe/Berlin").zoneOnly());
        assertEquals(ZoneId.of("Europe/Berlin"), settings.person("ada").quietHours().orElseThrow().zone());
    }

    @Test
    void onAgainWithoutTimesBringsBackTheHoursTurnedOffAndKeepsThemAcrossOtherChanges() {
        settings.setQuietHours("ada", "22:00", "07:00", "Asia/Tokyo");
        settings.clearQuietHours("ada");
        // Other settings saved while they are off (a zone moved by /nudge set, work-log following) keep them.
        settings.setFollowWorklog("ada", true);
        app.database().write(sql -> settings.setZone(sql, "ada", ZoneId.of("Europe/Berlin")));
        assertTrue(settings.person("ada").quietHours().isEmpty(), "still off");

        PersonSettings on = settings.quietHours("ada", false, null, null, null).now();

        assertEquals(Optional.of(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0),
                ZoneId.of("Europe/Berlin"))), on.quietHours(), "the same local hours, in the zone the person has now");
        assertEquals(on.quietHours(), settings.person("ada").quietHours());
        assertEquals(on.quietHours(), settings.quietHours("ada", false, null, null, null).now().quietHours(),
                "on while on changes nothing");
    }

    @Test
    void aZoneIsReadInAnyCase() {
        assertEquals(java.time.ZoneId.of("Europe/Berlin"), SettingsService.zone("europe/berlin"));
        assertEquals(java.time.ZoneId.of("America/New_York"), SettingsService.zone(" AMERICA/NEW_YORK "));
        assertEquals(PersonSettings.UTC, SettingsService.zone("utc"));
    }
}
