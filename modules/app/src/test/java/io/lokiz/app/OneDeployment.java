package io.lokiz.app;

import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.deployment.Deployment;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentScenario;
import org.jboss.arquillian.container.spi.event.DeployManagedDeployments;
import org.jboss.arquillian.container.spi.event.UnDeployManagedDeployments;
import org.jboss.arquillian.container.spi.event.container.BeforeStop;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.EventContext;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;

import java.util.ArrayList;
import java.util.List;

/**
 * Every integration test class deploys the same WAR ({@code target/lokiz.war}, as a client): deploying it once for
 * the whole run instead of once per class saves 12-15 s a class. The first class's deployment goes ahead; the
 * others find it running and skip theirs; it is undeployed when the container stops. A class whose archive is not
 * the one deployed would be wrong to share it, so that is refused loudly.
 */
public final class OneDeployment implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Keeper.class);
    }

    /** Arquillian's observer: it lives for the whole run. */
    public static final class Keeper {

        @Inject
        private Instance<DeploymentScenario> scenario;

        private final List<Archive<?>> deployed = new ArrayList<>();

        public void deploy(@Observes EventContext<DeployManagedDeployments> event) throws DeploymentException {
            List<Deployment> wanted = scenario.get().managedDeploymentsInDeployOrder();
            if (deployed.isEmpty()) {
                event.proceed();
                wanted.forEach(d -> deployed.add(d.getDescription().getArchive()));
                return;
            }
            List<String> running = deployed.stream().map(Archive::getName).toList();
            List<String> asked = wanted.stream().map(d -> d.getDescription().getArchive().getName()).toList();
            if (!running.equals(asked)) {
                throw new DeploymentException("every test class must deploy " + running + ", not " + asked);
            }
            wanted.forEach(Deployment::deployed);
        }

        /** Kept running for the next class: the event is not passed on, the deployments only marked undeployed. */
        public void undeploy(@Observes EventContext<UnDeployManagedDeployments> event) {
            scenario.get().deployedDeployments().forEach(Deployment::undeployed);
        }

        public void stopping(@Observes BeforeStop stop) throws DeploymentException {
            for (Archive<?> archive : deployed) {
                stop.getDeployableContainer().undeploy(archive);
            }
            deployed.clear();
        }
    }
}
