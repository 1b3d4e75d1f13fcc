package dev.loopkeeper.nudge;

import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.Phase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Chooses the one or two re-abstraction questions a nudge asks. It takes what it knows about the loops that moved
 * this week ({@link LoopFacts}), the prompts asked last time (never repeated two weeks running) and a seed that varies
 * the choice from week to week. A new kind of question (one per loop phase, say) is one more {@link Template}.
 */
public final class ReabstractionPrompts {
    /** Most questions one nudge asks. */
    public static final int MAX_PROMPTS = 2;

    /** A question with {@code {X}} for the concept, and the loops it suits. */
    public record Template(String key, String text, Predicate<LoopFacts> fits) {

        public String about(String concept) {
            return text.replace("{X}", concept);
        }
    }

    private static final Predicate<LoopFacts> CLOSED = f -> f.movement() == LoopFacts.Movement.CLOSED;
    private static final Predicate<LoopFacts> APPLIED = CLOSED.and(f -> f.outcome() == Outcome.APPLIED);
    private static final Predicate<LoopFacts> STARTED = f -> f.movement() == LoopFacts.Movement.STARTED;
    private static final Predicate<LoopFacts> PARKED = f -> f.movement() == LoopFacts.Movement.PARKED;
    /** Built something with it this week: the seed's re-abstraction questions are for exactly this moment. */
    private static final Predicate<LoopFacts> BUILT = f -> f.movement() == LoopFacts.Movement.PROGRESSED
            && f.phase() == Phase.INSTANTIATION;
    /** Stepped back this week: generalising is under way; ask what it generalises to. */
    private static final Predicate<LoopFacts> STEPPED_BACK = f -> f.movement() == LoopFacts.Movement.PROGRESSED
            && f.phase() == Phase.RE_ABSTRACTION;
    private static final Predicate<LoopFacts> STUCK = f -> f.movement() == LoopFacts.Movement.STUCK;

    /** The questions, in no order that matters: the seed picks among those that fit. */
    public static final List<Template> TEMPLATES = List.of(
            new Template("invent", "If {X} did not exist, what minimal truths would force you to invent something "
                    + "like it?", CLOSED.or(STARTED).or(BUILT)),
            new Template("design-built", "Why did you design what you built with {X} this way? Which choice would you "
                    + "make again?", BUILT),
            new Template("design", "Why did you design it this way, where you applied {X}? Which choice would you make "
                    + "again?", APPLIED),
            new Template("author", "What did the author of {X} optimise for that you ignored?", CLOSED.or(BUILT)),
            new Template("tradeoff", "What does {X} give up to be good at what it is good at?", CLOSED.or(STARTED)),
            new Template("special-case", "Of the ideas you already know, which is {X} a special case of, or a cousin of?",
                    CLOSED.or(STEPPED_BACK)),
            new Template("explain", "How would you explain {X} in three sentences to yourself of a month ago?",
                    CLOSED.or(STEPPED_BACK)),
            new Template("break", "Where would {X} break first if the problem grew a hundredfold?", APPLIED.or(STARTED)),
            new Template("smallest", "What is the smallest version of {X} you could build from scratch in an afternoon?",
                    STARTED.or(PARKED)),
            new Template("problem", "What problem was {X} invented to solve, and do you have that problem now?", PARKED),
            new Template("build-it", "You have been reading about {X} for weeks. What is the smallest thing you could "
                    + "build this week that uses it?", STUCK));

    private final List<Template> templates;

    public ReabstractionPrompts() {
        this(TEMPLATES);
    }

    public ReabstractionPrompts(List<Template> templates) {
        this.templates = List.copyOf(templates);
    }

    /**
     * Up to {@link #MAX_PROMPTS} questions, each about a different loop (a loop built with this week first, whose
     * questions are the seed's own; then the most telling movement, then the latest), none with a key in
     * {@code askedLastTime} nor two with the same key. {@code seed} turns the wheel.
     */
    public List<Prompt> choose(List<LoopFacts> moved, Set<String> askedLastTime, long seed) {
        List<LoopFacts> ordered = new ArrayList<>(moved);
        ordered.sort(Comparator.comparing((LoopFacts facts) -> !BUILT.test(facts)).thenComparing(LoopFacts::movement)
                .thenComparing(LoopFacts::movedAt, Comparator.reverseOrder()));
        Set<String> used = new HashSet<>(askedLastTime);
        List<Prompt> chosen = new ArrayList<>();
        for (LoopFacts facts : ordered) {
            if (chosen.size() == MAX_PROMPTS) {
                break;
            }
            pick(facts, used, seed + chosen.size()).ifPresent(template -> {
                used.add(template.key());
                chosen.add(new Prompt(template.key(), facts.loopId(), facts.concept(), template.about(facts.concept())));
            });
        }
        return chosen;
    }

    private Optional<Template> pick(LoopFacts facts, Set<String> used, long seed) {
        List<Template> fitting = templates.stream().filter(t -> t.fits().test(facts) && !used.contains(t.key())).toList();
        if (fitting.isEmpty()) {
            return Optional.empty();
        }
        // The loop's id mixed into the seed: the same week gives the same answer on a retry, the next week another.
        long mixed = seed * 31 + facts.loopId();
        return Optional.of(fitting.get((int) Math.floorMod(mixed, (long) fitting.size())));
    }

    public Optional<Template> template(String key) {
        return templates.stream().filter(t -> t.key().equals(key)).findFirst();
    }
}
