package dev.loopkeeper.support;

import dev.loopkeeper.relevance.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The shared model behind a gate: a text the test holds waits in {@link #embed} until {@link #release}, so a test can
 * make an embedding late, deterministically (no sleep). {@link #awaitHeld} waits until some text is waiting.
 */
public final class GateEmbedder implements Embedder {
    private final Embedder model = SharedModel.embedder();
    private volatile Predicate<String> held = text -> false;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    /** Counted down by the first held text since the last {@link #hold}: one shared gate serves a whole test class. */
    private volatile CountDownLatch someoneWaits = new CountDownLatch(1);

    /** From now on, texts matching {@code which} wait until {@link #release}. */
    public void hold(Predicate<String> which) {
        gate = new CountDownLatch(1);
        someoneWaits = new CountDownLatch(1);
        held = which;
    }

    public void release() {
        held = text -> false;
        gate.countDown();
    }

    /** Waits until a text held since the last {@link #hold} is waiting at the gate. */
    public void awaitHeld() throws InterruptedException {
        if (!someoneWaits.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no held text reached the embedder");
        }
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public float[] embed(String text) {
        if (held.test(text)) {
            someoneWaits.countDown();
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released " + text);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return model.embed(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>();
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }
}
