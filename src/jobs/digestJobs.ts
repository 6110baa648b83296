// Due-item handlers: registers with ./runDue (registerDueHandler).
