package dev.parley.server.room;

import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import scala.Function1;
import scala.Tuple2;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * The two signals a room handles, recovery completed and stop, as one small function for its signal handler:
 * Pekko's {@code SignalHandlerBuilder} keeps, per room, a chain of partial functions and a lambda for each case
 * (about 110 bytes for two). Every other signal is left to Pekko, which needs some of them itself: it is not defined
 * here (a case for every {@link Signal} hides them, and the room no longer answers Pekko's own queries).
 */
final class RoomSignals extends AbstractPartialFunction<Tuple2<RoomState, Signal>, BoxedUnit> {
    private final Room room;

    RoomSignals(Room room) {
        this.room = room;
    }

    @Override
    public boolean isDefinedAt(Tuple2<RoomState, Signal> stateAndSignal) {
        Signal signal = stateAndSignal._2();
        return signal == RecoveryCompleted.instance() || signal == PostStop.instance();
    }

    @Override
    public <A1 extends Tuple2<RoomState, Signal>, B1> B1 applyOrElse(A1 stateAndSignal, Function1<A1, B1> otherwise) {
        if (!isDefinedAt(stateAndSignal)) return otherwise.apply(stateAndSignal);
        room.onSignal(stateAndSignal._1(), stateAndSignal._2());
        @SuppressWarnings("unchecked") B1 done = (B1) BoxedUnit.UNIT;
        return done;
    }
}
