// Registers the handler of each kind of due item with runDue. Imported once by the runtime.
import './promptJobs';
import './digestJobs';
