package dev.loopkeeper.relevance;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.loopkeeper.common.DaemonThreads;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The concept map in vector form: which topics a piece of work is about, and which of their foundations a parked
 * concept is close to. A loop near a foundation of the work's topics is structurally relevant even when the work
 * never names it ("Raft rests on quorum intersection"). Vectors are computed at build time
 * ({@link MapVectorsBuilder}) and read from the jar; a jar built without them computes them once at start-up.
 */
public final class StructuralMap {
    /** Class-path location of the precomputed vectors. */
    public static final String VECTORS_RESOURCE = "/relevance/concept-map.vectors";
    /** How many of the work's nearest topics lend their foundations. */
    public static final int TOPICS_PER_WORK = 5;
    /**
     * A topic more than this below the work's nearest one lends no foundations: a work that names a topic outright
     * ("implementing Raft", cosine 1.0) still has four more nearest topics, and they are noise ("SLAM" 0.46, "sailing"
     * 0.45), whose foundations brought back "visual odometry" with "SLAM rests on odometry". A work described in a
     * sentence has no topic that near, so this rarely acts: no pair of the development sets changed.
     */
    static final double LENDING_GAP = 0.5;
    /** How many of a concept's nearest foundations are kept with the loop. */
    public static final int FOUNDATIONS_PER_CONCEPT = 64;
    /** A foundation counts only above this framed cosine with the concept (unrelated short phrases sit below). */
    public static final double FOUNDATION_FLOOR = 0.3;
    /** How sharply {@link #restsOn} favours the work's best topic over its other nearest ones. */
    static final int RESTS_ON_SHARPNESS = 4;
    /** How many topics' rows of name cosines are kept (16 KB each at 2,000 topics: about 8 MB at most). */
    static final int NAME_COSINE_ROWS = 512;
    private static final int MAGIC = 0x4c4b4d56; // "LKMV"
    private static final Logger log = LoggerFactory.getLogger(StructuralMap.class);

    private final ConceptMap map;
    private final String version;
    private final int topicCount;
    /**
     * The main names' cosines of the topics works were last near, each with every topic's ({@link #nameCosines}): at
     * most {@value #NAME_COSINE_ROWS} rows, so a long-running bot that has seen every topic still holds a few MB.
     */
    private final Cache<Integer, double[]> nameCosineRows = Caffeine.newBuilder().maximumSize(NAME_COSINE_ROWS).build();
    /**
     * The vectors of every topic's name and aliases packed for one scan ({@link BlockedVectors}), topic by topic (its
     * main name first), and where each topic's start: held once, not also one array per vector.
     */
    private final BlockedVectors names;
    /**
     * The same vectors' byte codes (a quarter of their floats: 3.5 MB for 9,200 names), which bound a work's cosine
     * with every name in one pass that Java 17 vectorises ({@link ByteCodes}); only names that can be among the nearest
     * are then multiplied exactly. Coded on a background thread (0.15-0.3 s of CPU in a JVM that has not compiled the
     * loop yet), so start-up does not wait for them; the first topic lookup does, if it comes that soon.
     */
    private final CompletableFuture<ByteCodes.Many> nameCodes;
    /** Sign sketches centred on the mean of all the map's vectors, which loops are sketched with ({@link #sketch}). */
    private final SignSketch sketch;
    private final int[] nameTopic;
    private final int[] firstName;
    /** Distinct foundations (by lower-case text), their vectors packed for one scan, per topic the ids of its own. */
    private final List<String> foundations;
    private final BlockedVectors foundationBlocks;
    private final int[][] topicFoundations;
    /**
     * Per word stem, the topics whose name, aliases or foundations use it (sorted ids), built on first use: only a
     * search asks ({@link #anchored}), and a bot that is never searched does not pay for it.
     */
    private volatile Map<String, int[]> topicsByStem;

    private StructuralMap(ConceptMap map, String fingerprint, String modelId, Map<String, float[]> vectors) {
        this.map = map;
        // "+topics": a loop's stored foundations also hold its own nearest topics (for a symmetric /related); loops
        // stored before that are re-embedded once, as after a map change.
        this.version = modelId + "/" + fingerprint + "+topics";
        List<ConceptMap.Topic> topics = map.topics();
        topicCount = topics.size();
        float[][][] topicNames = new float[topics.size()][][];
        Map<String, Integer> ids = new LinkedHashMap<>();
        List<float[]> fVectors = new ArrayList<>();
        topicFoundations = new int[topics.size()][];
        for (int t = 0; t < topics.size(); t++) {
            ConceptMap.Topic topic = topics.get(t);
            topicNames[t] = topic.names().stream().map(n -> require(vectors, n)).toArray(float[][]::new);
            int[] own = new int[topic.foundations().size()];
            for (int f = 0; f < own.length; f++) {
                String text = topic.foundations().get(f);
                Integer id = ids.get(key(text));
                if (id == null) {
                    id = ids.size();
                    ids.put(key(text), id);
                    fVectors.add(require(vectors, text));
                }
                own[f] = id;
            }
            topicFoundations[t] = own;
        }
        List<String> names = new ArrayList<>(ids.size());
        for (ConceptMap.Topic topic : topics) {
            for (String f : topic.foundations()) {
                if (ids.get(key(f)) == names.size()) {
                    names.add(f);
                }
            }
        }
        this.foundations = List.copyOf(names);
        float[][] foundationVectors = fVectors.toArray(float[][]::new);
        this.foundationBlocks = new BlockedVectors(foundationVectors.length == 0 ? 0 : foundationVectors[0].length,
                foundationVectors.length);
        for (float[] v : foundationVectors) {
            foundationBlocks.add(v);
        }
        int nameCount = Arrays.stream(topicNames).mapToInt(t -> t.length).sum();
        int dim = nameCount == 0 ? 0 : topicNames[0][0].length;
        this.sketch = SignSketch.centredAt(SignSketch.mean(vectors.values(), dim));
        this.names = new BlockedVectors(dim, nameCount);
        this.nameTopic = new int[nameCount];
        this.firstName = new int[topicNames.length + 1];
        for (int t = 0; t < topicNames.length; t++) {
            firstName[t] = this.names.size();
            for (float[] name : topicNames[t]) {
                nameTopic[this.names.add(name)] = t;
            }
        }
        firstName[topicNames.length] = nameCount;
        this.nameCodes = CompletableFuture.supplyAsync(() -> {
            ByteCodes.Many codes = new ByteCodes.Many(dim, nameCount);
            for (float[][] topic : topicNames) {
                for (float[] name : topic) {
                    codes.add(name);
                }
            }
            return codes;
        }, DaemonThreads.oneEach("loopkeeper-map-codes"));
    }

    /** The shipped map with its precomputed vectors, or vectors computed now when the jar has none for this model. */
    public static StructuralMap load(Embedder embedder) {
        return load(embedder.modelId(), () -> embedder);
    }

    /**
     * The same for a model known by its id, which is needed (and so waited for) only when the jar has no vectors for
     * it: the map can load while the model does.
     */
    public static StructuralMap load(String modelId, Supplier<Embedder> embedder) {
        ConceptMap map = ConceptMap.load();
        String fingerprint = fingerprint(map);
        Map<String, float[]> vectors = readVectors(modelId, fingerprint);
        if (vectors == null) {
            log.warn("No precomputed concept-map vectors for {} in the jar; computing them now", modelId);
            vectors = compute(map, embedder.get());
        }
        return new StructuralMap(map, fingerprint, modelId, vectors);
    }

    /** The texts of a map to embed, in a stable order: every topic name, alias and foundation once. */
    static List<String> texts(ConceptMap map) {
        LinkedHashMap<String, String> texts = new LinkedHashMap<>();
        for (ConceptMap.Topic topic : map.topics()) {
            topic.names().forEach(n -> texts.putIfAbsent(n, n));
            topic.foundations().forEach(f -> texts.putIfAbsent(f, f));
        }
        return List.copyOf(texts.keySet());
    }

    static Map<String, float[]> compute(ConceptMap map, Embedder embedder) {
        List<String> texts = texts(map);
        List<float[]> vectors = embedder.embedAll(texts.stream().map(Framing::frame).toList());
        Map<String, float[]> out = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            out.put(texts.get(i), vectors.get(i));
        }
        return out;
    }

    /** Writes the vectors of a map, stamped with the model and the map's fingerprint, for {@link #load}. */
    static void writeVectors(OutputStream target, ConceptMap map, String modelId, Map<String, float[]> vectors)
            throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target));
        out.writeInt(MAGIC);
        out.writeUTF(modelId);
        out.writeUTF(fingerprint(map));
        List<String> texts = texts(map);
        out.writeInt(texts.size());
        for (String text : texts) {
            float[] v = vectors.get(text);
            out.writeUTF(text);
            out.writeInt(v.length);
            for (float x : v) {
                out.writeFloat(x);
            }
        }
        out.flush();
    }

    /** The stamped vectors in the jar, or null when absent or made for another model or another map. */
    static Map<String, float[]> readVectors(String modelId, String fingerprint) {
        InputStream resource = StructuralMap.class.getResourceAsStream(VECTORS_RESOURCE);
        if (resource == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(resource))) {
            if (in.readInt() != MAGIC || !in.readUTF().equals(modelId) || !in.readUTF().equals(fingerprint)) {
                return null;
            }
            int count = in.readInt();
            Map<String, float[]> vectors = new HashMap<>(count * 2);
            byte[] bytes = new byte[0];
            for (int i = 0; i < count; i++) {
                String text = in.readUTF();
                float[] v = new float[in.readInt()];
                // Bulk: one read and one copy per vector (DataOutputStream wrote them big-endian), not a call per float.
                if (bytes.length != v.length * Float.BYTES) {
                    bytes = new byte[v.length * Float.BYTES];
                }
                in.readFully(bytes);
                ByteBuffer.wrap(bytes).asFloatBuffer().get(v);
                vectors.put(text, v);
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VECTORS_RESOURCE, e);
        }
    }

    /** A hash of the map's content: vectors made for another map are never used. */
    static String fingerprint(ConceptMap map) {
        try {
            // Every text on a line of its own, then each topic's foundations joined, hashed in one call (the same bytes,
            // so the same value, as one update per text). It runs cold at start-up: load() computes it once.
            StringBuilder all = new StringBuilder(1 << 20);
            for (String text : texts(map)) {
                all.append(text).append('\n');
            }
            for (ConceptMap.Topic topic : map.topics()) {
                all.append(String.join("|", topic.foundations()));
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(all.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The model and map these vectors belong to; a loop's stored foundations are recomputed when it changes. */
    public String version() {
        return version;
    }

    public ConceptMap conceptMap() {
        return map;
    }

    public int foundationCount() {
        return foundations.size();
    }

    /**
     * The same topics with only those that use one of the query's words lending their foundations, when the map uses
     * any of its words at all: a short query is read by the embedding from its letters as much as its sense, so
     * "quorum" lands nearest "agile and Scrum" (0.69), while the map spells it only under consensus topics. A query whose
     * words the map never uses keeps the topics its meaning found.
     */
    public Topics anchored(Topics topics, Set<String> queryStems) {
        Map<String, int[]> byStem = topicsByStem();
        List<int[]> using = new ArrayList<>();
        for (String stem : queryStems) {
            int[] ids = byStem.get(stem);
            if (ids != null) {
                using.add(ids);
            }
        }
        if (using.isEmpty()) {
            return topics;
        }
        double[] kept = topics.weight().clone();
        int[] topicOf = topics.topicOf();
        for (int f = 0; f < kept.length; f++) {
            if (kept[f] > 0) {
                int topic = topicOf[f];
                if (using.stream().noneMatch(ids -> Arrays.binarySearch(ids, topic) >= 0)) {
                    kept[f] = 0;
                }
            }
        }
        return new Topics(kept, topicOf, topics.top(), topics.topSims());
    }

    private Map<String, int[]> topicsByStem() {
        Map<String, int[]> built = topicsByStem;
        if (built == null) {
            synchronized (this) {
                built = topicsByStem;
                if (built == null) {
                    Map<String, BitSet> sets = new HashMap<>();
                    List<ConceptMap.Topic> all = map.topics();
                    for (int t = 0; t < all.size(); t++) {
                        List<String> texts = new ArrayList<>(all.get(t).names());
                        texts.addAll(all.get(t).foundations());
                        for (String text : texts) {
                            for (String stem : TextTerms.of(text).stems()) {
                                sets.computeIfAbsent(stem, k -> new BitSet()).set(t);
                            }
                        }
                    }
                    Map<String, int[]> byStem = new HashMap<>(sets.size() * 2);
                    sets.forEach((stem, ids) -> byStem.put(stem, ids.stream().toArray()));
                    topicsByStem = built = byStem;
                }
            }
        }
        return built;
    }

    /** The topics a piece of work is nearest to, best first, each with its framed cosine. */
    public Topics topicsFor(float[] workVector) {
        return weigh(nearest(workVector));
    }

    /**
     * The {@link #TOPICS_PER_WORK} topics nearest a work vector and their exact cosines, best first: all that
     * {@link #topicsFor} weighs, small enough to keep per work text ({@link RelevanceScorer#work}).
     */
    public Nearest nearest(float[] workVector) {
        int n = topicCount;
        int k = Math.min(TOPICS_PER_WORK, n);
        // One pass over every name's byte codes bounds each topic's cosine from above and below; a topic whose upper
        // bound is below the k-th best lower bound has k topics strictly nearer, and only the others get the exact
        // cosines the choice is made on, so it is the one an exact scan of every name would make.
        ByteCodes.Query query = ByteCodes.query(workVector);
        ByteCodes.Many nameCodes = this.nameCodes.join();
        int count = nameCodes.size();
        float[] upper = new float[count];
        nameCodes.upperDots(query, count, upper);
        float[] atMost = new float[n];
        float[] atLeast = new float[n];
        Arrays.fill(atMost, Float.NEGATIVE_INFINITY);
        Arrays.fill(atLeast, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < count; i++) {
            int t = nameTopic[i];
            atMost[t] = Math.max(atMost[t], upper[i]);
            atLeast[t] = Math.max(atLeast[t], upper[i] - nameCodes.width(query, i));
        }
        float[] sorted = atLeast.clone();
        Arrays.sort(sorted);
        double cut = k == 0 ? 0 : sorted[n - k];
        double[] sims = new double[n];
        for (int t = 0; t < n; t++) {
            if (atMost[t] < cut) {
                sims[t] = Double.NEGATIVE_INFINITY; // strictly below k topics: never chosen
                continue;
            }
            double best = -1;
            for (int i = firstName[t]; i < firstName[t + 1]; i++) {
                best = Math.max(best, names.dot(workVector, i));
            }
            sims[t] = best;
        }
        return pick(sims);
    }

    /**
     * What the work's topics rest on as a whole, as one unit vector: the mean of each nearest topic's foundation vectors,
     * weighted by (topic cosine / best topic cosine)^{@value #RESTS_ON_SHARPNESS}, so the best topic leads and a topic
     * much further from the work adds little; null when no topic was chosen. A loop's cosine with it is an expanded
     * query ("does the loop sit among what this work rests on?"), which also hears the foundations below the floor
     * that {@link #support} ignores. See docs/RELEVANCE.md, "Structural relevance".
     */
    public float[] restsOn(Nearest nearest) {
        int[] top = nearest.top();
        double[] sims = nearest.sims();
        if (top.length == 0 || !(sims[0] > 0) || foundationBlocks.size() == 0) {
            return null;
        }
        double[] sum = new double[foundationBlocks.dimension()];
        for (int i = 0; i < top.length; i++) {
            if (!(sims[i] > 0)) {
                break; // best first: the rest are not chosen (or point away from the work)
            }
            int[] own = topicFoundations[top[i]];
            double weight = Math.pow(sims[i] / sims[0], RESTS_ON_SHARPNESS) / own.length;
            for (int f : own) {
                foundationBlocks.addTo(f, weight, sum);
            }
        }
        double norm = 0;
        for (double x : sum) {
            norm += x * x;
        }
        if (!(norm > 0)) {
            return null;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[sum.length];
        for (int d = 0; d < sum.length; d++) {
            out[d] = (float) (sum[d] / norm);
        }
        return out;
    }

    /**
     * How close two sets of topics are: the best cosine between the main names of a topic of each (a work's nearest
     * topics and a loop's own, {@link Foundations#topics}), or NaN when either has none.
     */
    public double topicCloseness(int[] a, int[] b) {
        double best = Double.NaN;
        for (int x : a) {
            if (x < 0 || x >= topicCount) {
                continue; // stored for another version of the map: says nothing
            }
            double[] row = null;
            for (int y : b) {
                if (y < 0 || y >= topicCount) {
                    continue;
                }
                if (row == null && x != y) {
                    row = nameCosines(x);
                }
                double c = x == y ? 1.0 : row[y];
                if (!(c <= best)) {
                    best = c;
                }
            }
        }
        return best;
    }

    /** {@link #topicCloseness} by the products themselves, as before the kept rows: what the tests check it against. */
    double topicClosenessByProducts(int[] a, int[] b) {
        double best = Double.NaN;
        for (int x : a) {
            for (int y : b) {
                if (x < 0 || y < 0 || x >= topicCount || y >= topicCount) {
                    continue;
                }
                double c = x == y ? 1.0 : names.dot(names.get(firstName[x]), firstName[y]);
                if (!(c <= best)) {
                    best = c;
                }
            }
        }
        return best;
    }

    /** How many topics the map has. */
    int topicCount() {
        return topicCount;
    }

    /**
     * The cosines of topic {@code x}'s main name with every topic's, computed on first use and kept while works are
     * near it (a work's topics are few and recur, so a decision that weighs hundreds of loops' topics against them
     * reads them instead of multiplying 25 pairs of names per loop).
     */
    private double[] nameCosines(int x) {
        return nameCosineRows.get(x, topic -> {
            double[] row = new double[topicCount];
            float[] main = names.get(firstName[topic]);
            for (int y = 0; y < row.length; y++) {
                row[y] = names.dot(main, firstName[y]);
            }
            return row;
        });
    }

    /** How many topic names and aliases the map has. */
    int nameCount() {
        return names.size();
    }

    /** The vector of the {@code i}-th topic name or alias, in the map's order (tests check sketches on them). */
    float[] nameVector(int i) {
        return names.get(i);
    }

    /** The sign sketches of the map's vectors, which loops are sketched with too. */
    SignSketch sketch() {
        return sketch;
    }

    /**
     * The same by an exact cosine with every name, as before the scan: what {@link #topicsFor} is checked against in
     * the tests.
     */
    Topics topicsForByEveryName(float[] workVector) {
        int n = topicCount;
        double[] sims = new double[n];
        for (int t = 0; t < n; t++) {
            double best = -1;
            for (int name = firstName[t]; name < firstName[t + 1]; name++) {
                best = Math.max(best, names.dot(workVector, name));
            }
            sims[t] = best;
        }
        return weigh(pick(sims));
    }

    /** The {@link #TOPICS_PER_WORK} topics of highest cosine and their foundations' weights. */
    private Nearest pick(double[] sims) {
        int n = sims.length;
        int k = Math.min(TOPICS_PER_WORK, n);
        int[] top = new int[k];
        double[] topSims = new double[k];
        Arrays.fill(topSims, Double.NEGATIVE_INFINITY);
        for (int t = 0; t < n; t++) {
            double s = sims[t];
            if (s <= topSims[k - 1]) {
                continue;
            }
            int at = k - 1;
            while (at > 0 && topSims[at - 1] < s) {
                topSims[at] = topSims[at - 1];
                top[at] = top[at - 1];
                at--;
            }
            topSims[at] = s;
            top[at] = t;
        }
        return new Nearest(top, topSims);
    }

    /** The weights of the foundations of the nearest topics: each as much as the nearest topic that lists it. */
    public Topics weigh(Nearest nearest) {
        int[] top = nearest.top();
        double[] topSims = nearest.sims();
        int k = top.length;
        double[] weight = new double[foundations.size()];
        int[] topicOf = new int[foundations.size()];
        for (int i = 0; i < k; i++) {
            if (topSims[i] < topSims[0] - LENDING_GAP) {
                continue; // far below the topic the work names: the embedding's nearest of nothing else
            }
            for (int f : topicFoundations[top[i]]) {
                if (topSims[i] > weight[f]) {
                    weight[f] = topSims[i];
                    topicOf[f] = top[i];
                }
            }
        }
        int chosen = 0;
        while (chosen < k && topSims[chosen] > Double.NEGATIVE_INFINITY) {
            chosen++;
        }
        float[] chosenSims = new float[chosen];
        for (int i = 0; i < chosen; i++) {
            chosenSims[i] = (float) topSims[i];
        }
        return new Topics(weight, topicOf, Arrays.copyOf(top, chosen), chosenSims);
    }

    /**
     * The topics of a loop's own text, as if it were the work ({@link Foundations#topics}), spread out for
     * {@link #support} into {@code into}, a buffer of {@link #emptyTopics} that is reused: {@link #clear} undoes it.
     * Gives the same weights as {@link #topicsFor} on the loop's vector.
     */
    public Topics spread(Foundations own, Topics into) {
        int[] top = own.topics();
        float[] sims = own.topicSims();
        double[] weight = into.weight();
        int[] topicOf = into.topicOf();
        for (int i = 0; i < top.length; i++) {
            for (int f : topicFoundations[top[i]]) {
                // Rounded to float as stored: the same value whichever way the pair is asked.
                if (sims[i] > weight[f]) {
                    weight[f] = sims[i];
                    topicOf[f] = top[i];
                }
            }
        }
        return into;
    }

    /** Undoes {@link #spread}, leaving {@code topics} empty again. */
    public void clear(Foundations own, Topics topics) {
        for (int t : own.topics()) {
            for (int f : topicFoundations[t]) {
                topics.weight()[f] = 0;
            }
        }
    }

    /** A buffer for {@link #spread}: no topic, no weight. */
    public Topics emptyTopics() {
        return new Topics(new double[foundations.size()], new int[foundations.size()], new int[0], new float[0]);
    }

    /**
     * The concept's nearest foundations above {@link #FOUNDATION_FLOOR}, at most {@link #FOUNDATIONS_PER_CONCEPT},
     * merged over several vectors of one loop (its concept, and its concept with the why), keeping each foundation's
     * best cosine.
     */
    public Foundations foundationsOf(List<float[]> conceptVectors) {
        Foundations near = foundationsNear(conceptVectors);
        // The loop's own topics, from its fullest text (the concept with its why, when it has one): the loop as a work.
        Topics own = topicsFor(conceptVectors.get(conceptVectors.size() - 1));
        return new Foundations(near.ids(), near.cosines(), own.top(), own.topSims());
    }

    private Foundations foundationsNear(List<float[]> conceptVectors) {
        int n = foundationBlocks.size();
        int k = FOUNDATIONS_PER_CONCEPT;
        if (n == 0 || conceptVectors.isEmpty()) {
            return foundationsByEveryFoundation(conceptVectors);
        }
        // One float scan per vector over every foundation (this runs per park: about 3,500 foundations) finds those
        // that can be among the k best above the floor; only they get the exact cosine the choice is made on. A
        // foundation the scan puts more than twice its margin below the k-th best scanned value, or below the floor,
        // cannot be chosen by the exact scan either, so the result is that of {@link #foundationsByEveryFoundation}.
        float[] rough = new float[BlockedVectors.roundUp(n)];
        float[] scanned = conceptVectors.size() > 1 ? new float[rough.length] : rough;
        Arrays.fill(rough, Float.NEGATIVE_INFINITY);
        for (float[] v : conceptVectors) {
            foundationBlocks.scan(v, n, scanned);
            if (scanned != rough) {
                for (int f = 0; f < n; f++) {
                    rough[f] = Math.max(rough[f], scanned[f]);
                }
            }
        }
        double cut = FOUNDATION_FLOOR - 2 * BlockedVectors.SCAN_MARGIN;
        if (n > k) {
            float[] sorted = Arrays.copyOf(rough, n);
            Arrays.sort(sorted);
            cut = Math.max(cut, sorted[n - k] - 2 * BlockedVectors.SCAN_MARGIN);
        }
        float[] best = new float[n];
        for (int f = 0; f < n; f++) {
            if (rough[f] < cut) {
                continue; // stays 0: below the floor, never chosen
            }
            for (float[] v : conceptVectors) {
                best[f] = Math.max(best[f], (float) foundationBlocks.dot(v, f));
            }
        }
        return topFoundations(best);
    }

    /** The same by an exact cosine with every foundation, as before the scan: what the tests check it against. */
    Foundations foundationsByEveryFoundation(List<float[]> conceptVectors) {
        int n = foundationBlocks.size();
        float[] best = new float[n];
        for (float[] v : conceptVectors) {
            for (int f = 0; f < n; f++) {
                best[f] = Math.max(best[f], (float) foundationBlocks.dot(v, f));
            }
        }
        return topFoundations(best);
    }

    /** The {@link #FOUNDATIONS_PER_CONCEPT} best above the floor, best first (the earlier foundation first on a tie). */
    private static Foundations topFoundations(float[] best) {
        int n = best.length;
        // The k best above the floor, best first: a small insertion-sorted buffer, no boxing (this runs per park).
        int k = FOUNDATIONS_PER_CONCEPT;
        int[] ids = new int[k];
        float[] cosines = new float[k];
        int size = 0;
        for (int f = 0; f < n; f++) {
            float cos = best[f];
            if (cos <= FOUNDATION_FLOOR || size == k && cos <= cosines[k - 1]) {
                continue;
            }
            int at = size < k ? size++ : k - 1;
            while (at > 0 && cosines[at - 1] < cos) {
                cosines[at] = cosines[at - 1];
                ids[at] = ids[at - 1];
                at--;
            }
            cosines[at] = cos;
            ids[at] = f;
        }
        return new Foundations(Arrays.copyOf(ids, size), Arrays.copyOf(cosines, size));
    }

    /**
     * How strongly a loop rests under the work's topics: the best (topic cosine × how far the loop's cosine with a
     * foundation of that topic stands above the floor), with the pair that gave it, for the explanation.
     */
    public Optional<Support> support(Topics topics, Foundations loop) {
        double best = 0;
        int bestFoundation = -1;
        double bestTopicWeight = 0;
        double[] weights = topics.weight();
        int[] ids = loop.ids();
        float[] cosines = loop.cosines();
        for (int i = 0; i < ids.length; i++) {
            // A loop's foundations come from this map version, but Topics.NONE has no weights at all.
            double topicWeight = ids[i] < weights.length ? weights[ids[i]] : 0;
            if (topicWeight <= 0) {
                continue;
            }
            double value = topicWeight * (cosines[i] - FOUNDATION_FLOOR) / (1 - FOUNDATION_FLOOR);
            if (value > best) {
                best = value;
                bestFoundation = ids[i];
                bestTopicWeight = topicWeight;
            }
        }
        if (bestFoundation < 0) {
            return Optional.empty();
        }
        ConceptMap.Topic topic = map.topics().get(topics.topicOf()[bestFoundation]);
        float[] topSims = topics.topSims();
        return Optional.of(new Support(best, topic.name(), foundations.get(bestFoundation), bestTopicWeight,
                topSims != null && topSims.length > 0 ? topSims[0] : Double.NaN));
    }

    private static float[] require(Map<String, float[]> vectors, String text) {
        float[] v = vectors.get(text);
        if (v == null) {
            throw new IllegalStateException("no vector for concept-map text '" + text + "'");
        }
        return v;
    }

    private static String key(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The topics nearest a work, best first, and their cosines; fewer than {@link #TOPICS_PER_WORK} are chosen when the
     * rest are {@code -Infinity}. Treat as immutable.
     */
    public record Nearest(int[] top, double[] sims) {
    }

    /**
     * The foundations a work's nearest topics rest on, each weighted by its topic's cosine with the work (indexed by
     * foundation id; 0 for foundations of other topics), and which topic lent each; the topics themselves
     * ({@code top}) with their cosines, best first.
     */
    public record Topics(double[] weight, int[] topicOf, int[] top, float[] topSims) {
        /** No map: nothing structural to add. */
        public static final Topics NONE = new Topics(new double[0], new int[0]);

        public Topics(double[] weight, int[] topicOf) {
            this(weight, topicOf, new int[0], new float[0]);
        }
    }

    /**
     * A loop's nearest foundations (ids into this map) and its cosine with each, best first; and its own nearest
     * {@link #TOPICS_PER_WORK} topics ({@code topics}, with their cosines, best first), which {@code /related} needs to
     * take this loop as the work: stored with the loop so no question scans the map for each loop.
     */
    public record Foundations(int[] ids, float[] cosines, int[] topics, float[] topicSims) {
        public static final Foundations NONE = new Foundations(new int[0], new float[0]);

        /** Foundations without the loop's own topics. */
        public Foundations(int[] ids, float[] cosines) {
            this(ids, cosines, new int[0], new float[0]);
        }

        /** Packed for storage with the loop: a count, then (id, cosine) pairs; the same for its own topics. */
        public byte[] toBytes() {
            ByteBuffer buffer = ByteBuffer.allocate(8 + ids.length * 8 + topics.length * 8);
            buffer.putInt(ids.length);
            for (int i = 0; i < ids.length; i++) {
                buffer.putInt(ids[i]).putFloat(cosines[i]);
            }
            buffer.putInt(topics.length);
            for (int i = 0; i < topics.length; i++) {
                buffer.putInt(topics[i]).putFloat(topicSims[i]);
            }
            return buffer.array();
        }

        public static Foundations fromBytes(byte[] bytes) {
            if (bytes == null) {
                return NONE;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            int n = buffer.getInt();
            int[] ids = new int[n];
            float[] cosines = new float[n];
            for (int i = 0; i < n; i++) {
                ids[i] = buffer.getInt();
                cosines[i] = buffer.getFloat();
            }
            // Stored before the loop's own topics were: none (its map version tells it to be re-embedded).
            int t = buffer.remaining() >= 4 ? buffer.getInt() : 0;
            int[] topics = new int[t];
            float[] topicSims = new float[t];
            for (int i = 0; i < t; i++) {
                topics[i] = buffer.getInt();
                topicSims[i] = buffer.getFloat();
            }
            return new Foundations(ids, cosines, topics, topicSims);
        }
    }

    /**
     * Why a loop is structurally relevant: "{@code topic} rests on {@code foundation}", with its strength; how near the
     * topic is to the work ({@code topicCosine}, its weight in the support) and how near the work's nearest topic is
     * ({@code nearestTopicCosine}, NaN when not known: the topic is then taken as the nearest), which decide whether
     * the reason names the topic ({@link #namesTopic}).
     */
    public record Support(double value, String topic, String foundation, double topicCosine,
            double nearestTopicCosine) {
        /**
         * Below this cosine with the work a topic is not named: "simulating planetary orbits" is 0.57 from "my
         * simulation gains or loses energy over time", a problem the person never wrote of.
         */
        public static final double NAMED_TOPIC = 0.6;
        /**
         * A topic is named when it is the work's nearest, or this close to it: "fine-tuning BERT for sentiment
         * analysis" is 0.85 from "BERT and masked language modeling" and 0.66 from "deep model loses to a simple
         * baseline", whose foundation (tokenization) brought the loop; that reason read as a non sequitur.
         */
        public static final double NAMED_TOPIC_GAP = 0.05;
        /** From this cosine on a topic is named even when the work has a nearer one: it reads as the work's kind. */
        public static final double NAMED_TOPIC_ANYWAY = 0.8;
        /** The reason's words when the topic is not named: the foundation, for work like the person's. */
        public static final String WORK_LIKE_THIS = "work like this rests on ";

        /** Verbs and negations that make a topic a sentence: "circuit breaker keeps tripping". */
        private static final Set<String> SENTENCE_WORDS = Set.of(("is are was were isn't aren't won't doesn't don't "
                + "can't cannot does do did keeps keep looks look fails fail hurts hurt breaks break drops drop loses "
                + "lose comes come goes go gets get stops stop stalls runs sounds tastes spreads vanish vanishes "
                + "disappears disappear shows show shifted opens crashes blows dies die leaks freezes lags makes "
                + "ignores says overheats jumps slows grows wilts turns falls cracks sticks burns sinks rises fills "
                + "hangs reconcile generalize contradicts differ differs changes explodes flickers collapses diverges "
                + "returns bangs rejects takes need needs give gives lets overwhelm drains fire fires not no too "
                + "feels feel causes amplifies buzz buzzes stutters trips").split(" "));
        /** Support through a topic the work is about (its nearest, as near as can be). */
        public Support(double value, String topic, String foundation) {
            this(value, topic, foundation, 1, Double.NaN);
        }

        /** The same support, the work's nearest topic being {@code cosine} from it. */
        public Support withNearestTopicCosine(double cosine) {
            return new Support(value, topic, foundation, topicCosine, cosine);
        }

        /**
         * Whether the reason names the topic: only when it reads as what the work is about, at least
         * {@link #NAMED_TOPIC} from it and the work's nearest topic (or within {@link #NAMED_TOPIC_GAP} of it), or at
         * least {@link #NAMED_TOPIC_ANYWAY}. A topic further off is one the work only borders ("Raft leader election"
         * and "building a distributed key-value store", 0.45), and named it read as a non sequitur.
         */
        public boolean namesTopic() {
            return topicCosine >= NAMED_TOPIC_ANYWAY || topicCosine >= NAMED_TOPIC
                    && !(topicCosine < nearestTopicCosine - NAMED_TOPIC_GAP);
        }

        /** A topic's first word that makes it an activity or a clause, not a noun: "how TLS works". */
        private static final Set<String> CLAUSE_WORDS = Set.of("how", "what", "why", "when", "where");
        /** Where a topic's head noun ends: "crash recovery | in databases". */
        private static final Pattern PREPOSITION =
                Pattern.compile(" (in|for|of|with|on|from|to|at|by|via|under|over|without) ");
        /** Words ending in s that name one thing: "process", "analysis", "Paxos", "physics", "bus", "Bayes'". */
        private static final Pattern SINGULAR_ENDINGS =
                Pattern.compile("(ss|is|us|os|ics|'s|s')$|^(kubernetes|series|species|news)$");

        /**
         * The reason in words: "implementing Raft rests on log matching", "B-trees rest on node splitting" for a topic
         * named in the plural ({@link #plural}), and a problem named as a sentence in quotes, as a title; "work like
         * this rests on vector clocks" when the topic is not one to name ({@link #namesTopic}).
         */
        public String words() {
            return namesTopic() ? topicWords() : WORK_LIKE_THIS + foundation;
        }

        /** The reason naming the topic, whether or not it is one to name: "implementing Raft rests on log matching". */
        public String topicWords() {
            if (problem(topic)) {
                return "\u201c" + topic + "\u201d rests on " + foundation;
            }
            return topic + (plural(topic) ? " rest on " : " rests on ") + foundation;
        }

        /**
         * Whether a topic is a problem phrased as a sentence ("my mix sounds muddy", "Python threads give no speedup")
         * rather than a noun phrase: it starts with "I" or "my", or holds a verb or a negation from a short list.
         */
        static boolean problem(String topic) {
            List<String> words = Arrays.asList(topic.toLowerCase(Locale.ROOT).split("[^a-z']+"));
            // A verb is written in lower case; "Go" in "Go concurrency" or "playing Go" is the language or the game.
            List<String> lowerCase = Arrays.asList(topic.split("[^a-z']+"));
            return words.size() > 1 && (words.get(0).equals("i") || words.get(0).equals("my")
                    || lowerCase.stream().anyMatch(SENTENCE_WORDS::contains));
        }

        /**
         * Whether a topic's name is a plural subject, read from its head: "B-trees", "threads and locks", "Bloom
         * filters" are; "implementing Raft", "how TLS works" (an activity, a clause), "crash recovery in databases"
         * (the head comes before its preposition), "Paxos", "physics", "analysis" are not.
         */
        static boolean plural(String topic) {
            String name = topic.strip().toLowerCase(Locale.ROOT);
            String first = name.contains(" ") ? name.substring(0, name.indexOf(' ')) : name;
            if (name.contains(" ") && (first.endsWith("ing") || CLAUSE_WORDS.contains(first))) {
                return false;
            }
            Matcher preposition = PREPOSITION.matcher(name);
            String head = preposition.find() ? name.substring(0, preposition.start()) : name;
            if (head.contains(" and ")) {
                return true;
            }
            String last = head.substring(head.lastIndexOf(' ') + 1);
            return last.length() > 2 && last.endsWith("s") && !SINGULAR_ENDINGS.matcher(last).find();
        }
    }
}
